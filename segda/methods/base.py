"""The base of every adaptation method: a model that wraps a task model (G, C).

A method owns the task as ``self.task`` (plus its own parts, e.g. a discriminator) and
implements ``train_step(data, optim_wrapper)``. Evaluation goes through the task's one
prediction seam (``val_step``/``test_step`` -> ``task.predict(inputs, samples,
prediction_classifier())``): a method only says which classifier predicts (SymNets: Ct), so
whole-image and sliding-window inference hold for every method alike. The helpers below
make a min-max step read like the paper:

    source, target = self.preprocess_pair(data)
    feats_s, feats_t = self.extract_pair(source['inputs'], target['inputs'])
    loss_task, log_vars = self.task_loss(self.task.classify(feats_s), source['data_samples'])
    loss = loss_task + ...
    self.update(optim_wrapper, loss, ('generator', 'head'))
    return self.log(log_vars)

Every parameter update goes through ``update``/``update_each``, which also make the method
distributed and mixed-precision ready without any code in the method: they average the
stepped parameters' gradients across ranks (``segda/engine/dist.py``) and use one loss
scale per backward for all stepped parts (``segda/engine/amp.py``). Each subclass's
``train_step`` runs under the optimiser wrappers' autocast (``__init_subclass__``).
"""
import functools
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import torch
from mmengine.logging import MessageHub
from mmengine.model import BaseModel
from mmengine.optim import OptimWrapperDict
from torch import nn

from segda.engine.amp import autocast_context, shared_loss_scaler
from segda.engine.dist import average_gradients
from segda.models.tasks.base import CAPABILITIES, build_part
from segda.registry import MODELS
from segda.structures import is_domain_pair, map_features

MODES = ('tensor', 'loss', 'predict')
DOMAIN_BN = ('joint', 'separate')


def _under_autocast(train_step):
    @functools.wraps(train_step)
    def train_step_under_autocast(self, data, optim_wrapper):
        with autocast_context(optim_wrapper):
            return train_step(self, data, optim_wrapper)
    return train_step_under_autocast


class UDAMethod(BaseModel):
    """Wrap a task model; subclasses implement ``train_step``.

    Args:
        task: config (or module) of the task model, e.g. ``dict(type='Segmentor', ...)``.
        data_preprocessor: config (or module); ``None`` only moves data to the device.
        domain_bn: how the two domains of a training batch pass through the networks
            (:meth:`per_domain`): ``'joint'``, one forward of the concatenated batch, so
            BatchNorm normalises both domains with one set of batch statistics; or
            ``'separate'``, one forward per domain, so each domain is normalised by its own
            batch statistics (the official SymNets code). ``None``: the method's default
            (``default_domain_bn``).
        init_cfg: mmengine initialisation config.

    A method declares what it needs of the task in ``requires``, ``{capability: why}``
    (capabilities: ``segda/models/tasks/base.py``, ``CAPABILITIES``; e.g. ADR's critic needs
    ``class_logits`` and ``head_dropout``); a task without one is refused with the reason
    and how to provide it.
    """

    requires: Dict[str, str] = {}
    default_domain_bn = 'joint'

    def __init__(self, task, data_preprocessor: Optional[dict] = None,
                 domain_bn: Optional[str] = None, init_cfg: Optional[dict] = None):
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        domain_bn = self.default_domain_bn if domain_bn is None else domain_bn
        if domain_bn not in DOMAIN_BN:
            raise ValueError(f'{type(self).__name__}: domain_bn must be one of {DOMAIN_BN}, '
                             f'got {domain_bn!r}')
        self.domain_bn = domain_bn
        self.task = build_part(task)
        self.check_requires(self.requires)

    def check_requires(self, requires: Dict[str, str]) -> None:
        """Refuse a task without a capability of ``requires`` (``{capability: why}``), saying
        why it is needed and how to provide it (also for a need an argument brings)."""
        provided = self.task.capabilities()
        for capability, reason in requires.items():
            if capability not in provided:
                need, fix = CAPABILITIES[capability]
                fix = fix.format(task=type(self.task).__name__, head=type(self.task.head).__name__)
                raise ValueError(f'{type(self).__name__} needs {need} ({reason}); {fix}.')

    def __init_subclass__(cls, **kwargs):
        """Run a subclass's own ``train_step`` under the autocast of its optimiser wrappers
        (mixed precision, ``segda/engine/amp.py``; a no-op without), so no method repeats it."""
        super().__init_subclass__(**kwargs)
        if 'train_step' in vars(cls):
            cls.train_step = _under_autocast(vars(cls)['train_step'])

    def init_weights(self) -> None:
        """mmengine's initialisation; then, when the data preprocessor returns
        ``channels_last`` inputs, the 4-D weights too (the Runner calls this once, before
        training and before loading a checkpoint into these tensors)."""
        super().init_weights()
        if getattr(self.data_preprocessor, 'channels_last', False):
            self.to(memory_format=torch.channels_last)

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
        like :meth:`parts`, or one ``OptimWrapper`` over all parameters.
        """
        self._backward_and_step(optim_wrapper, [(tuple(names), loss)])

    def update_each(self, optim_wrapper, **losses_by_part: torch.Tensor) -> None:
        """Minimise each loss over its own part, from one shared forward (e.g. SymNets Eq. 11:
        ``update_each(optim, head=loss_classifiers, generator=loss_confusion)``).

        Every loss is backpropagated into its part alone before any part steps, so no step
        changes a parameter that another loss still differentiates through.
        """
        self._backward_and_step(optim_wrapper,
                                [((name,), loss) for name, loss in losses_by_part.items()])

    def _backward_and_step(self, optim_wrapper,
                           losses: List[Tuple[Tuple[str, ...], torch.Tensor]]) -> None:
        """For ``[(part names, loss), ...]``, with s the shared loss scale (1 without fp16):

        1. zero the gradients of every stepped part;
        2. backpropagate each ``s * loss`` into its parts' parameters alone;
        3. average those gradients across ranks, ``g <- (1 / W) sum_r g_r`` (one process:
           nothing to do);
        4. step each part: ``g <- g / s``, skipped when g holds inf/NaN;
        5. update s once (halve it after an overflow, grow it after a clean streak).

        Averaging before unscaling makes an overflow on any rank an overflow on all, so
        every rank skips the same steps and keeps the same scale.
        """
        names = [name for part_names, _ in losses for name in part_names]
        wrappers = self._wrappers(optim_wrapper, names)
        scaler = shared_loss_scaler(wrappers)
        parts = self.parts()
        for wrapper in wrappers:
            wrapper.zero_grad()
        last = len(losses) - 1
        stepped = []
        # Backward and steps outside autocast, as torch recommends; the forward ran under it.
        with torch.autocast(losses[0][1].device.type, enabled=False):
            for index, (part_names, loss) in enumerate(losses):
                params = [param for name in part_names for param in parts[name].parameters()
                          if param.requires_grad]
                scaler.scale(loss).backward(inputs=params, retain_graph=index < last)
                stepped += params
            average_gradients(stepped)
            for wrapper in wrappers:
                wrapper.step()
            scaler.update()

    def _wrappers(self, optim_wrapper, names: Sequence[str]) -> list:
        """The distinct optimiser wrappers that step the parts ``names``."""
        if not isinstance(optim_wrapper, OptimWrapperDict):
            return [optim_wrapper]
        unknown = sorted(set(names) - set(optim_wrapper.keys()))
        if unknown:
            raise KeyError(f'{type(self).__name__}.update: no optimiser for {unknown}; '
                           f'optim_wrapper has {sorted(optim_wrapper.keys())}.')
        return list(dict.fromkeys(optim_wrapper[name] for name in names))

    def task_loss(self, outputs, data_samples, name: str = 'loss_task'):
        """The task's supervised loss (``TaskModel.task_loss``, the sum of its ``loss*``
        terms) and the scalars to log: the total as ``name`` and, when the task has several
        terms, each as ``name.term`` (e.g. ``loss_task.loss_binomial``)."""
        total, terms = self.task.task_loss(outputs, data_samples)
        log_vars = {name: total}
        if len(terms) > 1:
            log_vars.update({f'{name}.{term}': value for term, value in terms.items()})
        return total, log_vars

    @staticmethod
    def log(log_vars: dict) -> dict:
        """``train_step``'s return value: the scalars to log, detached from the graph."""
        return {name: value.detach() if isinstance(value, torch.Tensor) else value
                for name, value in log_vars.items()}

    @staticmethod
    def iteration() -> int:
        """The runner's current iteration t (0 for the first step), from its MessageHub (a
        resumed run continues the count, so a schedule in t resumes exactly)."""
        iteration = MessageHub.get_current_instance().get_info('iter')
        if iteration is None:
            raise RuntimeError("iteration() needs the runner's 'iter' (set by mmengine's "
                               'RuntimeInfoHook); outside a runner call '
                               "MessageHub.get_current_instance().update_info('iter', i) first.")
        return iteration

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

    def extract_joint(self, inputs_s: torch.Tensor, inputs_t: torch.Tensor):
        """Features of the source batch followed by the target batch, from ONE generator
        forward on the concatenated batch (BatchNorm sees both domains at once, whatever
        ``domain_bn`` says). Split them with :meth:`split_pair`."""
        return self.task.extract(self.concat_inputs(inputs_s, inputs_t))

    @staticmethod
    def concat_inputs(inputs_s: torch.Tensor, inputs_t: torch.Tensor) -> torch.Tensor:
        """The source batch followed by the target batch, one tensor (same image size)."""
        if inputs_s.shape[1:] != inputs_t.shape[1:]:
            raise ValueError(f'source inputs {tuple(inputs_s.shape)} and target inputs '
                             f'{tuple(inputs_t.shape)} differ in size; crop or resize both '
                             'domains to the same size in the pipelines.')
        return torch.cat([inputs_s, inputs_t])

    @staticmethod
    def split_pair(joint, num_source: int):
        """``(source part, target part)`` of a joint batch's features or outputs."""
        return (map_features(lambda x: x[:num_source], joint),
                map_features(lambda x: x[num_source:], joint))

    def per_domain(self, forward, inputs_s: torch.Tensor, inputs_t: torch.Tensor):
        """``(forward(inputs_s), forward(inputs_t))`` as ``domain_bn`` says:

        - ``'joint'``: one call on the concatenated batch, split afterwards; every BatchNorm
          layer in ``forward`` normalises with the statistics of both domains together;
        - ``'separate'``: one call per domain, so each domain is normalised by its own batch
          statistics (and the running statistics are updated by the source, then the target).

        Either way a backward through both outputs reaches every parameter once per domain;
        gradients are averaged across ranks in :meth:`update`, so two forwards before one
        backward are safe under distributed training.
        """
        if self.domain_bn == 'separate':
            return forward(inputs_s), forward(inputs_t)
        return self.split_pair(forward(self.concat_inputs(inputs_s, inputs_t)), len(inputs_s))

    def extract_pair(self, inputs_s: torch.Tensor, inputs_t: torch.Tensor):
        """Source and target features from G, through :meth:`per_domain`."""
        return self.per_domain(self.task.extract, inputs_s, inputs_t)

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

    def prediction_classifier(self) -> Optional[Callable]:
        """The classifier the predictions come from (G's features -> outputs), or None for
        the task's C. A method with classifiers of its own names one (SymNets' Ct)."""
        return None

    def prediction_modules(self) -> tuple:
        """The names of the modules whose weights the predictions read: a checkpoint to
        evaluate must hold all of them (``segda.apis.checkpoint_check``). The task's, unless
        a method predicts with a module of its own (SymNets' Ct, DACS's teacher)."""
        return ('task',)

    def predict_logits(self, inputs: torch.Tensor):
        """The outputs behind :meth:`predict` (logits, before ``postprocess``), through the
        task's inference (whole image or sliding window, its ``test_cfg``)."""
        return self.task.inference(inputs, self.prediction_classifier())

    def predict(self, inputs: torch.Tensor, data_samples: list) -> list:
        """Predictions: the task's ``postprocess`` of :meth:`predict_logits` (a method may
        add its own, e.g. a second head's)."""
        return self.task.predict(inputs, data_samples, self.prediction_classifier())

    def predict_classifiers(self, inputs: torch.Tensor, data_samples: list,
                            classify_all: Callable, suffixes: Sequence[str]) -> list:
        """Predictions of several classifiers from ONE task inference (one pass of G per
        image or window): ``classify_all`` returns their outputs concatenated on dim 1, equal
        widths, in the order of ``suffixes``. Each part is postprocessed; the classifier with
        suffix ``''`` gives the outputs, every other adds its ``pred_*`` fields suffixed (ADR's
        C' as ``pred_label_clean``, SymNets' Cs as ``pred_label_source``)."""
        parts = self.task.inference(inputs, classify_all).chunk(len(suffixes), dim=1)
        predictions = {suffix: self.task.postprocess(part, data_samples)
                       for suffix, part in zip(suffixes, parts)}
        outputs = predictions.pop('')
        for suffix, others in predictions.items():
            for output, other in zip(outputs, others):
                output.update({f'{key}{suffix}': value for key, value in other.items()
                               if key.startswith('pred_')})
        return outputs

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
