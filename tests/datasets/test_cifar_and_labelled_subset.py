"""The CIFAR-10 reader on pickles written in the real format (Python 2 style dicts with bytes
keys, b'data' N x 3072 uint8 in R, G, B planes, b'labels'), and the seeded labelled subset."""
import pickle

import numpy as np
import pytest

from segda.datasets.classification import (
    CIFAR10_CLASSES,
    CIFAR10Dataset,
    LabelledSubsetDataset,
    labelled_indices,
)

PER_FILE = 20


def write_batch(path, images, labels):
    """``images`` N x 32 x 32 x 3 uint8 as CIFAR's row layout: 1024 R, 1024 G, 1024 B."""
    data = images.transpose(0, 3, 1, 2).reshape(len(images), 3072)
    batch = {b'batch_label': b'training batch', b'labels': [int(v) for v in labels],
             b'data': data, b'filenames': [b'x.png'] * len(images)}
    with open(path, 'wb') as file:
        pickle.dump(batch, file, protocol=2)


@pytest.fixture
def cifar_root(tmp_path):
    rng = np.random.default_rng(0)
    for name in [f'data_batch_{i}' for i in range(1, 6)] + ['test_batch']:
        images = rng.integers(0, 256, (PER_FILE, 32, 32, 3), dtype=np.uint8)
        write_batch(tmp_path / name, images, np.arange(PER_FILE) % 10)
    return tmp_path


def test_cifar_reads_rgb_planes_as_h_w_c_images(tmp_path):
    images = np.zeros((2, 32, 32, 3), dtype=np.uint8)
    images[0, 0, 1] = (10, 20, 30)  # row 0, column 1: R, G, B
    images[1, 31, 31] = (1, 2, 3)
    for name in [f'data_batch_{i}' for i in range(1, 6)] + ['test_batch']:
        write_batch(tmp_path / name, images, [3, 7])
    test = CIFAR10Dataset(str(tmp_path), split='test')
    assert len(test) == 2 and test.metainfo['classes'] == CIFAR10_CLASSES
    first, second = test[0], test[1]
    assert first['inputs'][:, 0, 1].tolist() == [10, 20, 30]
    assert second['inputs'][:, 31, 31].tolist() == [1, 2, 3]
    assert (first['data_samples']['gt_label'], second['data_samples']['gt_label']) == (3, 7)
    assert len(CIFAR10Dataset(str(tmp_path), split='train')) == 10


def test_cifar_errors_name_the_file(cifar_root):
    (cifar_root / 'data_batch_3').unlink()
    with pytest.raises(FileNotFoundError, match='data_batch_3'):
        CIFAR10Dataset(str(cifar_root), split='train')
    (cifar_root / 'data_batch_3').write_bytes(b'not a pickle')
    with pytest.raises(ValueError, match='cannot unpickle .*data_batch_3'):
        CIFAR10Dataset(str(cifar_root), split='train')
    with open(cifar_root / 'data_batch_3', 'wb') as file:
        pickle.dump({b'fine_labels': [0]}, file, protocol=2)
    with pytest.raises(ValueError, match="data_batch_3.*b'data'"):
        CIFAR10Dataset(str(cifar_root), split='train')
    write_batch(cifar_root / 'data_batch_3', np.zeros((1, 32, 32, 3), np.uint8), [10])
    with pytest.raises(ValueError, match='data_batch_3.*outside'):
        CIFAR10Dataset(str(cifar_root), split='train')


def test_labelled_indices_take_n_per_class_seeded():
    labels = np.repeat(np.arange(3), 10)
    chosen = labelled_indices(labels, 4, seed=1)
    assert np.bincount(labels[chosen]).tolist() == [4, 4, 4]
    assert np.array_equal(chosen, labelled_indices(labels, 4, seed=1))
    assert not np.array_equal(chosen, labelled_indices(labels, 4, seed=2))
    with pytest.raises(ValueError, match='class 0 has 10 samples'):
        labelled_indices(labels, 11)


def test_labelled_subset_and_rest_are_disjoint_and_cover_the_dataset(cifar_root):
    train = dict(type='CIFAR10Dataset', data_root=str(cifar_root), split='train')
    labelled = LabelledSubsetDataset(train, num_per_class=3, seed=0)
    rest = LabelledSubsetDataset(train, num_per_class=3, seed=0, part='rest',
                                 with_labels=False)
    assert len(labelled) == 30 and len(rest) == 100 - 30
    assert set(labelled.indices).isdisjoint(rest.indices)
    assert set(labelled.indices) | set(rest.indices) == set(range(100))
    labels = [labelled[i]['data_samples']['gt_label'] for i in range(len(labelled))]
    assert np.bincount(labels).tolist() == [3] * 10
    assert 'gt_label' not in rest[0]['data_samples']
    assert labelled.metainfo['classes'] == CIFAR10_CLASSES


def test_labelled_subset_needs_a_labelled_inner_dataset(cifar_root):
    train = dict(type='CIFAR10Dataset', data_root=str(cifar_root), split='train',
                 with_labels=False)
    with pytest.raises(ValueError, match='with_labels=True'):
        LabelledSubsetDataset(train, num_per_class=3)
