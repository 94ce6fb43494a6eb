"""segda.evaluation.domain_features.sample_features: G's features or the model's outputs
C(G(x)) of each sample, as the domain analyses (PAD, t-SNE) read them."""
import pytest
import torch
from torch import nn

from segda.evaluation.domain_features import sample_features


class Task(nn.Module):
    """G doubles its input, C sums it: hand-checkable layers."""

    def extract(self, inputs):
        return 2 * inputs

    def classify(self, feats):
        return feats.sum(dim=1, keepdim=True)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.task = Task()

    def data_preprocessor(self, batch, training):
        return dict(inputs=batch['inputs'], data_samples=batch['data_samples'])


def batches():
    return [dict(inputs=torch.tensor([[1.0, 2.0], [3.0, 4.0]]),
                 data_samples=[dict(gt_label=0), dict(gt_label=1)])]


def test_generator_features_and_outputs_are_read_from_their_layers():
    feats, labels = sample_features(Model(), batches())
    assert feats.tolist() == [[2.0, 4.0], [6.0, 8.0]] and labels.tolist() == [0, 1]
    outputs, _ = sample_features(Model(), batches(), layer='output')
    assert outputs.tolist() == [[6.0], [14.0]]


def test_an_unknown_layer_is_refused():
    with pytest.raises(ValueError, match="layer must be one of .*'descriptor'"):
        sample_features(Model(), batches(), layer='descriptor')
