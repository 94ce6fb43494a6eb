"""Person re-identification as a task model: G = a feature extractor (the DML net), C = the
descriptor predictor (one FC layer to 500-d), DANN JMLR 2016 Sec. 5.3.

Supervised loss (``loss``), named terms as the task-loss contract asks:

    loss_binomial = binomial_weight * L_dev(C(G(x)), person_id)      (alpha 2, beta 0.5, c 2)
    loss_id       = id_loss_weight  * CE(identity_classifier(C(G(x))), id_label)   (optional)

with L_dev the binomial deviance over all pairs of the batch on cosine similarities
(``segda/models/losses/binomial_deviance.py``, Yi et al. 2014). ``loss_id`` exists only
when ``id_loss_weight > 0`` (off by default: the paper trains with L_dev alone).

Inference (``predict``): the descriptor of every image and, with ``flip_test``, of its
mirror image (``pred_descriptor_flip``), from which ``ReIDMetric`` forms the paper's
test-time score, the mean of the four cosine scores over both images' flips
(Sec. 5.3.1, after Yi et al.).

The domain discriminator sees G's output, the pre-descriptor activations (the
``TaskModel`` default ``domain_features``, Sec. 5.3.2: the domain classifier x -> 500 -> 1
sits on the feature extractor's output).
"""
from typing import Callable, Optional

import torch

from segda.models.losses.binomial_deviance import binomial_deviance
from segda.models.losses.cross_entropy import cross_entropy
from segda.registry import MODELS

from .base import TaskModel

NO_IGNORE = -1  # identity labels are never ignored (id_label >= 0)


@MODELS.register_module()
class ReIDTask(TaskModel):
    """Descriptors for re-ID (module docstring).

    Args:
        backbone: config (or module) of G exposing ``out_channels`` (e.g.
            ``dict(type='DMLNet')``).
        head: config (or module) of C exposing ``out_channels`` = D; ``in_channels`` is
            filled from G, and ``num_identities`` too when the identity loss is on.
        alpha, beta, c: the binomial deviance's parameters (2, 0.5, 2; Sec. 5.3.2).
        binomial_weight: factor on ``loss_binomial``.
        id_loss_weight: factor on ``loss_id``; 0 (default) leaves the term out.
        num_identities: training identities, needed when ``id_loss_weight > 0`` (the
            training dataset's ``metainfo['identities']``).
        flip_test: ``predict`` also returns the mirrored image's descriptor.

    Attributes:
        descriptor_dim: D, the head's ``out_channels``.
    """

    outputs_class_logits = False
    kind = 're-identification'

    def __init__(self, backbone, head=dict(type='ReIDDescriptorHead'), alpha: float = 2.0,
                 beta: float = 0.5, c: float = 2.0, binomial_weight: float = 1.0,
                 id_loss_weight: float = 0.0, num_identities: Optional[int] = None,
                 flip_test: bool = True):
        if id_loss_weight < 0 or binomial_weight < 0:
            raise ValueError(f'ReIDTask: loss weights must be >= 0, got binomial_weight='
                             f'{binomial_weight}, id_loss_weight={id_loss_weight}')
        defaults = {}
        if id_loss_weight > 0:
            if num_identities is None:
                raise ValueError('ReIDTask: id_loss_weight > 0 needs num_identities (the number '
                                 "of training identities, the dataset's metainfo['identities']).")
            defaults['num_identities'] = num_identities
        # C outputs descriptors, not class logits: no num_classes; identities are never ignored.
        super().__init__(backbone, head, None, NO_IGNORE, head_defaults=defaults)
        if not hasattr(self.head, 'out_channels'):
            raise ValueError(f'{type(self.head).__name__} (the head) must expose `out_channels`, '
                             'the descriptor dimension.')
        if id_loss_weight > 0 and getattr(self.head, 'identity_classifier', None) is None:
            raise ValueError(f'ReIDTask: id_loss_weight > 0 needs a head with an '
                             f'`identity_classifier`; {type(self.head).__name__} has none.')
        self.descriptor_dim = self.head.out_channels
        self.alpha, self.beta, self.c = alpha, beta, c
        self.binomial_weight = binomial_weight
        self.id_loss_weight = id_loss_weight
        self.flip_test = flip_test

    def extract(self, inputs: torch.Tensor) -> torch.Tensor:
        """G: ``N x 3 x H x W`` images -> ``N x out_channels`` features."""
        return self.generator(inputs)

    def classify(self, feats: torch.Tensor) -> torch.Tensor:
        """C: features -> ``N x D`` descriptors."""
        return self.head(feats)

    def loss(self, descriptors: torch.Tensor, data_samples: list) -> dict:
        """``dict(loss_binomial=...[, loss_id=...])`` (module docstring)."""
        ids = self.labels(data_samples, descriptors)
        terms = dict(loss_binomial=self.binomial_weight * binomial_deviance(
            descriptors, ids, self.alpha, self.beta, self.c))
        if self.id_loss_weight > 0:
            if any('id_label' not in sample for sample in data_samples):
                raise KeyError('ReIDTask: the identity loss needs `id_label` in every data '
                               'sample: train on the split=\'train\' part of a labelled dataset.')
            labels = torch.as_tensor([int(s['id_label']) for s in data_samples],
                                     device=descriptors.device)
            logits = self.head.identity_classifier(descriptors)
            terms['loss_id'] = self.id_loss_weight * cross_entropy(logits, labels, NO_IGNORE)
        return terms

    def labels(self, data_samples: list, descriptors: torch.Tensor) -> torch.Tensor:
        """The ``person_id`` of every sample as one ``N`` int64 tensor on the outputs' device."""
        if not data_samples or any('person_id' not in sample for sample in data_samples):
            raise KeyError('ReIDTask.loss needs `person_id` in every data sample: train on a '
                           'labelled re-ID dataset (target-domain data has no identities).')
        return torch.as_tensor([int(s['person_id']) for s in data_samples],
                               device=descriptors.device)

    def postprocess(self, descriptors: torch.Tensor, data_samples: list) -> list:
        """Per sample: ``dict(sample, pred_descriptor=<D tensor>)``; ``data_samples`` may be
        None (the outputs then hold the descriptors only)."""
        if data_samples is None:
            data_samples = [{}] * len(descriptors)
        if len(data_samples) != len(descriptors):
            raise ValueError(f'ReIDTask.postprocess: {len(descriptors)} descriptors for '
                             f'{len(data_samples)} data samples.')
        return [dict(sample, pred_descriptor=d) for sample, d in zip(data_samples, descriptors)]

    def predict(self, inputs: torch.Tensor, data_samples: list,
                classifier: Optional[Callable] = None) -> list:
        """``postprocess`` of the descriptors (``inference``) and, with ``flip_test``, each
        sample's ``pred_descriptor_flip``: the descriptor of the image mirrored left-right."""
        outputs = super().predict(inputs, data_samples, classifier)
        if self.flip_test:
            for output, flipped in zip(outputs, self.inference(inputs.flip(-1), classifier)):
                output['pred_descriptor_flip'] = flipped
        return outputs
