"""Classification as a task model: G = a feature extractor (N x D), C = a head (N x K)."""
import torch

from segda.models.losses.cross_entropy import cross_entropy
from segda.registry import MODELS

from .base import TaskModel


@MODELS.register_module()
class Classifier(TaskModel):
    """One label per sample (two moons, digits, ...).

    Args:
        backbone: config of G returning ``N x D`` features (e.g. ``dict(type='MLP',
            in_channels=2)``); it must expose ``out_channels`` = D.
        head: config of C returning ``N x K`` logits (e.g. ``dict(type='ClassificationHead')``);
            ``in_channels`` and ``num_classes`` are filled in when absent.
        num_classes: K.
        loss_weight: factor on the cross entropy.
        ignore_index: label value without supervision (255: none in the usual data).

    The domain discriminator sees the features themselves (``domain_features`` of
    :class:`TaskModel`).
    """

    kind = 'classification'

    def __init__(self, backbone, head, num_classes: int, loss_weight: float = 1.0,
                 ignore_index: int = 255):
        super().__init__(backbone, head, num_classes, ignore_index)
        self.loss_weight = loss_weight

    def extract(self, inputs: torch.Tensor) -> torch.Tensor:
        """G: ``N x ...`` inputs -> ``N x D`` features."""
        feats = self.generator(inputs)
        if feats.dim() != 2:
            raise ValueError(f'Classifier: the backbone must return N x D features, got shape '
                             f'{tuple(feats.shape)}; pool or flatten them in the backbone.')
        return feats

    def classify(self, feats: torch.Tensor) -> torch.Tensor:
        """C: ``N x D`` features -> ``N x K`` logits."""
        return self.head(feats)

    def loss(self, logits: torch.Tensor, data_samples: list) -> dict:
        """Mean cross entropy over the samples V whose label is not ``ignore_index``:

            loss_ce = loss_weight * (-1 / |V|) sum_{i in V} log softmax(z_i)[y_i]
        """
        labels = self.labels(data_samples, logits)
        return dict(loss_ce=self.loss_weight * cross_entropy(logits, labels, self.ignore_index))

    def labels(self, data_samples: list, logits: torch.Tensor) -> torch.Tensor:
        """The ``gt_label`` of every sample as one ``N`` int64 tensor on ``logits``' device."""
        if not data_samples or any('gt_label' not in sample for sample in data_samples):
            raise KeyError('Classifier.loss needs `gt_label` in every data sample: train on a '
                           'labelled dataset (target-domain data has no labels).')
        labels = torch.stack([torch.as_tensor(sample['gt_label']) for sample in data_samples])
        return labels.to(device=logits.device, dtype=torch.long)

    def postprocess(self, logits: torch.Tensor, data_samples: list) -> list:
        """Per sample: ``dict(sample, pred_label=<int64 scalar>, pred_score=<K probabilities>)``,
        with ``pred_score = softmax(z)`` and ``pred_label = argmax z``. ``data_samples`` may be
        None (unlabelled inputs): the outputs then hold the predictions only."""
        if data_samples is None:
            data_samples = [{}] * len(logits)
        if len(data_samples) != len(logits):
            raise ValueError(f'Classifier.postprocess: {len(logits)} logits for '
                             f'{len(data_samples)} data samples.')
        scores = logits.softmax(dim=1)
        labels = logits.argmax(dim=1)
        return [dict(sample, pred_label=label, pred_score=score)
                for sample, label, score in zip(data_samples, labels, scores)]
