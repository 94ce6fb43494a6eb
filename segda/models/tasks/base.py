"""The task-model contract (generator G, head C) and the features passed between them.

Every method addresses a task only through this interface, so one method serves
segmentation, classification and re-ID alike (docs/design.md, "Task model").
"""
from abc import ABCMeta, abstractmethod
from typing import Callable, List, Optional, Tuple

import torch
from torch import nn

from segda.registry import MODELS
from segda.utils import check_positive_int


def build_part(cfg, **defaults) -> nn.Module:
    """Build a module from a config (``defaults`` fill absent keys), or pass a module through."""
    if isinstance(cfg, nn.Module):
        return cfg
    cfg = dict(cfg)
    for key, value in defaults.items():
        cfg.setdefault(key, value)
    return MODELS.build(cfg)


# What a method may ask of a task (``UDAMethod.requires``): per capability, what it is and
# how a task provides it (``{task}``/``{head}`` name the task's and its head's classes).
CAPABILITIES = dict(
    class_logits=('a task whose classifier outputs class logits',
                  '{task} outputs none. Use SourceOnly or DANN with this task'),
    head_dropout=('a classifier with dropout',
                  'set dropout > 0 and at least one dropout site in the head config (e.g. '
                  'decoder=dict(dropout=0.5, dropout_sites=("fc6", "fc7")))'),
    narrow_split=('a head that splits into hidden layers and a final classifier layer',
                  '{head} (the head) has no `hidden` and `classifier` submodules; give the '
                  'head both, with forward(x) == classifier(hidden(x))'),
)


class TaskModel(nn.Module, metaclass=ABCMeta):
    """A task as G then C.

    Predictions have one seam: :meth:`inference` runs G and a classifier on a preprocessed
    batch (C by default, or another one a method names, e.g. SymNets' Ct), and
    :meth:`predict` is ``postprocess(inference(inputs, classifier))``. A task that predicts
    by windows (``Segmentor``'s sliding window) overrides :meth:`inference` alone, so every
    classifier of every method is evaluated the same way.

    What a method may rely on is declared (:meth:`capabilities`): ``class_logits`` (C
    outputs class logits; ``outputs_class_logits``), ``head_dropout`` (the head's
    ``has_dropout``) and ``narrow_split`` (:meth:`narrow_split`).

    Attributes:
        generator: G, inputs -> features (a tensor, or a list of maps shallow to deep).
        head: C, features -> outputs (logits ``N x K`` or ``N x K x H x W``, descriptors).
        num_classes: K, or None when C outputs no class logits (descriptors).
        ignore_index: the label value without supervision (ignored by every loss on labels).
        kind: what the task predicts, in words (``'segmentation'``, ``'classification'``,
            ``'re-identification'``), a class attribute, so that a tool for one kind can
            refuse a config of another before building anything (``segda.apis.task_kind``).

    Args:
        backbone: config (or module) of G; it must expose ``out_channels``.
        head: config (or module) of C; its ``in_channels`` defaults to G's ``out_channels``,
            its ``num_classes`` to the task's (a head that has another ``num_classes`` is
            refused) and its other keys to ``head_defaults``.
        num_classes: K, the number of class logits per sample (or pixel) of C; None for a
            task whose C outputs something else.
        ignore_index: label value without supervision.
        head_defaults: further keys the head config gets when absent.
    """

    outputs_class_logits = True
    kind = 'unknown'

    def __init__(self, backbone, head, num_classes: Optional[int], ignore_index: int = 255,
                 head_defaults: Optional[dict] = None):
        super().__init__()
        self.generator = build_part(backbone)
        if not hasattr(self.generator, 'out_channels'):
            raise ValueError(f'{type(self.generator).__name__} (the backbone) must expose '
                             '`out_channels` so the head can be built from it.')
        defaults = dict(head_defaults or {}, in_channels=self.generator.out_channels)
        if num_classes is not None:
            defaults['num_classes'] = num_classes
        self.head = build_part(head, **defaults)
        if num_classes is not None and getattr(self.head, 'num_classes',
                                               num_classes) != num_classes:
            raise ValueError(f'{type(self).__name__}: the head has num_classes='
                             f'{self.head.num_classes}, the task num_classes={num_classes}; '
                             'make them equal.')
        self.num_classes = num_classes
        self.ignore_index = ignore_index

    def capabilities(self) -> frozenset:
        """The names in ``CAPABILITIES`` this task provides."""
        head = self.head
        provided = dict(
            class_logits=self.outputs_class_logits,
            head_dropout=bool(getattr(head, 'has_dropout', False)),
            narrow_split=all(isinstance(getattr(head, name, None), nn.Module)
                             for name in ('hidden', 'classifier')))
        return frozenset(name for name, present in provided.items() if present)

    @abstractmethod
    def extract(self, inputs):
        """G: features of a preprocessed batch."""

    @abstractmethod
    def classify(self, feats):
        """C: outputs (logits at the task's resolution) from ``extract``'s features."""

    def classify_samples(self, feats, num_samples: int) -> List[torch.Tensor]:
        """``num_samples`` stochastic samples of C on the same features (C1(G(x)), C2(G(x))
        of ADR Sec. 3.2 by dropout), a list of outputs as ``classify`` returns them.

        This default runs ``classify`` once per sample, right for any head. A task whose
        head can share the work before its first dropout between samples overrides it.
        """
        check_positive_int(type(self).__name__, 'num_samples', num_samples)
        return [self.classify(feats) for _ in range(num_samples)]

    @abstractmethod
    def loss(self, outputs, data_samples) -> dict:
        """Supervised task loss on labelled samples as named terms, as mmengine models return
        them: ``dict(loss_ce=...)`` for classification and segmentation; a re-ID task returns
        ``dict(loss_binomial=..., loss_id=...)``. Every key starting with ``loss`` is a term
        of the total (:meth:`task_loss`); other keys are logged only."""

    def task_loss(self, outputs, data_samples) -> Tuple[torch.Tensor, dict]:
        """The supervised loss as one scalar and its terms:

            L_task = sum_{t : t starts with 'loss'} loss(outputs, data_samples)[t]

        Every method takes its supervised loss through here, so none names a task's loss key.
        """
        terms = self.loss(outputs, data_samples)
        summed = [value for name, value in terms.items() if name.startswith('loss')]
        if not summed:
            raise ValueError(f'{type(self).__name__}.loss returned no `loss*` term '
                             f'(keys: {sorted(terms)}); name each loss term loss_<what>.')
        return sum(summed), terms

    def narrow_split(self) -> Tuple[nn.Module, nn.Module]:
        """``(hidden, classifier)``: C's layers below its final classifier layer, and that
        layer, with ``head(x) == classifier(hidden(x))``.

        Most methods use the wide split (G = the backbone, C = the whole head). A method
        whose C is the classifier layer alone (SymNets, Sec. 3: Cs and Ct on top of G)
        treats ``hidden`` as part of G. FCN: fc6/fc7 | the score convs; MLP head: the hidden
        layers | the last Linear.
        """
        if 'narrow_split' not in self.capabilities():
            raise ValueError(CAPABILITIES['narrow_split'][1].format(
                head=type(self.head).__name__) + '.')
        return self.head.hidden, self.head.classifier

    @abstractmethod
    def labels(self, data_samples, outputs) -> torch.Tensor:
        """The labels of labelled samples as one tensor aligned with ``outputs``."""

    @abstractmethod
    def postprocess(self, outputs, data_samples) -> list:
        """One dict per sample: the predictions (``pred_*``) plus the sample's own fields."""

    def inference(self, inputs, classifier: Optional[Callable] = None):
        """Outputs of a preprocessed batch through G and ``classifier`` (features -> outputs
        at the task's resolution; default :meth:`classify`, i.e. C):
        ``classifier(extract(inputs))``."""
        return (classifier or self.classify)(self.extract(inputs))

    def predict(self, inputs, data_samples, classifier: Optional[Callable] = None) -> list:
        """Predictions: ``postprocess(inference(inputs, classifier))``."""
        return self.postprocess(self.inference(inputs, classifier), data_samples)

    def domain_features(self, feats) -> torch.Tensor:
        """What a domain discriminator sees: the deepest map, or the feature tensor itself."""
        return feats if isinstance(feats, torch.Tensor) else feats[-1]

    @property
    def domain_channels(self) -> int:
        """Channels of ``domain_features`` (to build a discriminator)."""
        channels = self.generator.out_channels
        return channels[-1] if isinstance(channels, (list, tuple)) else channels

    def forward(self, inputs):
        """Outputs of a preprocessed batch: ``classify(extract(inputs))``."""
        return self.classify(self.extract(inputs))
