"""The base of every adaptation method: a model that wraps a task model (G, C).

A method owns the task as ``self.task`` (plus its own parts, e.g. a discriminator) and
implements ``train_step(data, optim_wrapper)``. Evaluation goes through the task alone
(``val_step``/``test_step`` -> ``task.predict``), so it never knows which method trained
the model. The helpers below make a min-max step read like the paper:

    source, target = self.preprocess_pair(data)
    feats_s, feats_t = self.extract_pair(source['inputs'], target['inputs'])
    loss = ...
    self.update(optim_wrapper, loss, ('generator', 'head'))
    return self.log(dict(loss=loss))
"""
from typing import Dict, Optional, Sequence

import torch
from mmengine.logging import MessageHub
from mmengine.model import BaseModel
from torch import nn

from segda.models.data_preprocessor import is_domain_pair
from segda.models.tasks.base import build_part, map_features
from segda.registry import MODELS

MODES = ('tensor', 'loss', 'predict')


class UDAMethod(BaseModel):
    """Wrap a task model; subclasses implement ``train_step``.

    Args:
        task: config (or module) of the task model, e.g. ``dict(type='Segmentor', ...)``.
        data_preprocessor: config (or module); ``None`` only moves data to the device.
        init_cfg: mmengine initialisation config.
    """

    def __init__(self, task, data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None):
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.task = build_part(task)

    # -- parts and optimisation ------------------------------------------------------------
    def extra_parts(self) -> Dict[str, nn.Module]:
        """Trainable modules the method adds to the task's (e.g. ``discriminator``)."""
        return {}

    def parts(self) -> Dict[str, nn.Module]:
        """Named parts, one optimiser each: ``generator``, ``head``, then ``extra_parts()``."""
        return dict(generator=self.task.generator, head=self.task.head, **self.extra_parts())

    def update(self, optim_wrapper, loss: torch.Tensor, names: Sequence[str]) -> None:
        """Minimise ``loss`` over the parts ``names`` only (one step each), Dassl-style.

        The backward computes gradients for those parts' parameters alone
        (``backward(inputs=...)``): a G-only step neither spends time on C's weight
        gradients nor leaves any behind. ``optim_wrapper`` is an ``OptimWrapperDict`` keyed
        like :meth:`parts`. Plain ``backward``: no AMP loss scaling across parts (bf16
        needs none).
        """
        unknown = sorted(set(names) - set(optim_wrapper.keys()))
        if unknown:
            raise KeyError(f'{type(self).__name__}.update: no optimiser for {unknown}; '
                           f'optim_wrapper has {sorted(optim_wrapper.keys())}.')
        parts = self.parts()
        params = [param for name in names for param in parts[name].parameters()
                  if param.requires_grad]
        for name in names:
            optim_wrapper[name].zero_grad()
        loss.backward(inputs=params)
        for name in names:
            optim_wrapper[name].step()

    def update_each(self, optim_wrapper, **losses_by_part: torch.Tensor) -> None:
        """Minimise each loss over its own part, from one shared forward (e.g. SymNets Eq. 11:
        ``update_each(optim, head=loss_classifiers, generator=loss_confusion)``).

        Every loss is backpropagated into its part alone before any part steps, so no step
        changes a parameter that another loss still differentiates through.
        """
        parts = self.parts()
        for name in losses_by_part:
            optim_wrapper[name].zero_grad()
        last = len(losses_by_part) - 1
        for index, (name, loss) in enumerate(losses_by_part.items()):
            params = [param for param in parts[name].parameters() if param.requires_grad]
            loss.backward(inputs=params, retain_graph=index < last)
        for name in losses_by_part:
            optim_wrapper[name].step()

    @staticmethod
    def log(log_vars: dict) -> dict:
        """``train_step``'s return value: the scalars to log, detached from the graph."""
        return {name: value.detach() if isinstance(value, torch.Tensor) else value
                for name, value in log_vars.items()}

    @staticmethod
    def progress() -> float:
        """Training progress ``p = iter / max_iters`` in [0, 1], from the runner's MessageHub."""
        hub = MessageHub.get_current_instance()
        iteration, max_iters = hub.get_info('iter'), hub.get_info('max_iters')
        if iteration is None or not max_iters:
            raise RuntimeError("progress() needs the runner's 'iter' and 'max_iters' (set by "
                               "mmengine's RuntimeInfoHook); outside a runner call "
                               "MessageHub.get_current_instance().update_info('iter', i) and "
                               "update_info('max_iters', n) first.")
        return min(iteration / max_iters, 1.0)

    # -- data and features -----------------------------------------------------------------
    def preprocess_pair(self, data: dict):
        """``(source, target)`` preprocessed batches of a domain-pair batch."""
        if not is_domain_pair(data):
            raise ValueError(f'{type(self).__name__} trains on domain pairs dict(source=batch, '
                             'target=batch): use a DomainPairDataset as the train dataset.')
        data = self.data_preprocessor(data, True)
        return data['source'], data['target']

    def extract_pair(self, inputs_s: torch.Tensor, inputs_t: torch.Tensor):
        """Features of source and target from ONE generator forward on the concatenated batch
        (one forward per backward, as distributed training needs; BatchNorm sees both)."""
        if inputs_s.shape[1:] != inputs_t.shape[1:]:
            raise ValueError(f'source inputs {tuple(inputs_s.shape)} and target inputs '
                             f'{tuple(inputs_t.shape)} differ in size; crop or resize both '
                             'domains to the same size in the pipelines.')
        feats = self.task.extract(torch.cat([inputs_s, inputs_t]))
        num_source = len(inputs_s)
        return (map_features(lambda x: x[:num_source], feats),
                map_features(lambda x: x[num_source:], feats))

    @staticmethod
    def detach_features(feats):
        """``feats`` cut from the graph (a head trained on them does not update G)."""
        return map_features(torch.Tensor.detach, feats)

    # -- inference -------------------------------------------------------------------------
    def forward(self, inputs: torch.Tensor, data_samples: Optional[list] = None,
                mode: str = 'tensor'):
        """``'tensor'``: task outputs (logits); ``'loss'``: the task loss on a labelled batch;
        ``'predict'``: :meth:`predict`."""
        if mode == 'tensor':
            return self.task(inputs)
        if mode == 'loss':
            return self.task.loss(self.task(inputs), data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        raise ValueError(f'{type(self).__name__}.forward: mode must be one of {MODES}, '
                         f'got {mode!r}.')

    def predict(self, inputs: torch.Tensor, data_samples: list) -> list:
        """Predictions of the task model (a method may add its own, e.g. a second head)."""
        return self.task.predict(inputs, data_samples)

    def val_step(self, data: dict) -> list:
        """Preprocess a plain (labelled or not) batch and predict."""
        if is_domain_pair(data):
            raise ValueError('validation/test data must be a plain dataset, not a domain pair.')
        data = self.data_preprocessor(data, False)
        return self.predict(data['inputs'], data['data_samples'])

    test_step = val_step

    def train_step(self, data: dict, optim_wrapper) -> dict:
        """One training iteration: preprocess ``data``, compute the method's losses, update
        parts through ``optim_wrapper`` (an ``OptimWrapper``, or an ``OptimWrapperDict``
        keyed like :meth:`parts`) and return the scalars to log (:meth:`log`)."""
        raise NotImplementedError(f'{type(self).__name__} must implement train_step.')
