"""The task-model contract (generator G, head C) and the features passed between them.

Every method addresses a task only through this interface, so one method serves
segmentation, classification and re-ID alike (docs/design.md, "Task model").
"""
from abc import ABCMeta, abstractmethod
from typing import List, Tuple

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


class TaskModel(nn.Module, metaclass=ABCMeta):
    """A task as G then C.

    ``predicts_classes`` says whether C outputs class logits (segmentation,
    classification) or something else (re-ID descriptors): methods built on class
    posteriors (ADR, ENT, SymNets) refuse a task without them.

    Attributes:
        generator: G, inputs -> features (a tensor, or a list of maps shallow to deep).
        head: C, features -> outputs (logits ``N x K`` or ``N x K x H x W``, descriptors).

    Args:
        backbone: config (or module) of G; it must expose ``out_channels``.
        head: config (or module) of C; its ``in_channels`` defaults to G's ``out_channels``
            and its ``num_classes`` to the task's; a head that has another ``num_classes``
            is refused.
        num_classes: K, the number of outputs per sample (or pixel) of C.
    """

    predicts_classes = True

    def __init__(self, backbone, head, num_classes: int):
        super().__init__()
        self.generator = build_part(backbone)
        if not hasattr(self.generator, 'out_channels'):
            raise ValueError(f'{type(self.generator).__name__} (the backbone) must expose '
                             '`out_channels` so the head can be built from it.')
        self.head = build_part(head, in_channels=self.generator.out_channels,
                               num_classes=num_classes)
        if getattr(self.head, 'num_classes', num_classes) != num_classes:
            raise ValueError(f'{type(self).__name__}: the head has num_classes='
                             f'{self.head.num_classes}, the task num_classes={num_classes}; '
                             'make them equal.')
        self.num_classes = num_classes

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
        hidden = getattr(self.head, 'hidden', None)
        classifier = getattr(self.head, 'classifier', None)
        if not (isinstance(hidden, nn.Module) and isinstance(classifier, nn.Module)):
            raise ValueError(f'{type(self.head).__name__} (the head) has no `hidden` and '
                             '`classifier` submodules, so its final classifier layer cannot be '
                             'split off; give the head both, with forward(x) == '
                             'classifier(hidden(x)).')
        return hidden, classifier

    @abstractmethod
    def labels(self, data_samples, outputs) -> torch.Tensor:
        """The labels of labelled samples as one tensor aligned with ``outputs``."""

    @abstractmethod
    def postprocess(self, outputs, data_samples) -> list:
        """One dict per sample: the predictions (``pred_*``) plus the sample's own fields."""

    def predict(self, inputs, data_samples) -> list:
        """Inference: ``postprocess(classify(extract(inputs)))``."""
        return self.postprocess(self.classify(self.extract(inputs)), data_samples)

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
