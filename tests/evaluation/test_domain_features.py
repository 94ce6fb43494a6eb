"""segda.evaluation.domain_features: G's features or the model's outputs C(G(x)) of each
sample, as the domain analyses (PAD, t-SNE) read them; a domain's loader over a subset drawn
with a seed, built from the config (never through mmengine's get_subset, whose copies share
one memo across calls)."""
import gc

import pytest
import torch
from mmengine.dataset import BaseDataset
from torch import nn

from segda.datasets.classification.digits_demo import generate_digits_demo
from segda.evaluation.domain_features import domain_loader, sample_features, sample_indices
from segda.utils import dataset_subset


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


@pytest.fixture(scope='module')
def digits_target(tmp_path_factory):
    root = tmp_path_factory.mktemp('digits')
    generate_digits_demo(str(root), num_source_train=20, num_source_test=4, seed=0,
                         target='mnistm')
    return dict(type='MNISTMDataset', data_root=str(root / 'target'), split='train',
                with_labels=False, pipeline=[dict(type='PackClsInputs')])


def test_a_subset_holds_the_drawn_samples_and_never_calls_get_subset(digits_target,
                                                                    monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError('domain_loader must not use BaseDataset.get_subset')

    whole = domain_loader(digits_target).dataset
    monkeypatch.setattr(BaseDataset, 'get_subset', refused)
    drawn = sample_indices(len(whole), 5, seed=3)
    for _ in range(20):  # many loaders in one process, objects freed between them
        part = domain_loader(digits_target, max_samples=5, seed=3).dataset
        gc.collect()
        assert len(part) == 5
        assert [part.get_data_info(i)['img_path'] for i in range(5)] == [
            whole.get_data_info(i)['img_path'] for i in drawn]
        assert callable(part.pipeline) and not isinstance(part.pipeline, BaseDataset)


def test_subsets_compose_with_the_configs_own_indices(digits_target):
    assert dataset_subset(dict(digits_target, indices=[4, 6, 9]), [0, 2])['indices'] == [4, 9]
    assert dataset_subset(dict(digits_target, indices=5), [1, 3])['indices'] == [1, 3]
    assert dataset_subset(digits_target, [2, 0])['indices'] == [2, 0]
    part = domain_loader(dict(digits_target, indices=[4, 6, 9, 11]), max_samples=2,
                         seed=0).dataset
    assert len(part) == 2
