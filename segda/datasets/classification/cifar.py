"""CIFAR-10 from its python pickles (Krizhevsky 2009), read with ``pickle`` and ``numpy``.

Layout: ``<data_root>/data_batch_1`` ... ``data_batch_5`` (train, 10,000 images each) and
``<data_root>/test_batch`` (10,000), e.g. ``data_root='data/cifar10/cifar-10-batches-py'``
(the folder ``cifar-10-python.tar.gz`` unpacks to). Each file is a pickled dict (written by
Python 2: its keys are bytes) with ``b'data'``, an ``N x 3072`` uint8 array whose rows hold
the 1024 red, then 1024 green, then 1024 blue values of a 32 x 32 image in row-major order,
and ``b'labels'``, a list of N ints in [0, 10). Class names: ``batches.meta``'s order,
written here as ``CIFAR10_CLASSES``.
"""
import os.path as osp
import pickle
from typing import List

import numpy as np

from segda.registry import DATASETS
from segda.utils import check_choice

from .base import ClassificationDataset, check_labels, require_path

CIFAR10_CLASSES = ('airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse',
                   'ship', 'truck')
SPLIT_FILES = dict(train=tuple(f'data_batch_{i}' for i in range(1, 6)), test=('test_batch',))
LAYOUT = '<data_root>/{data_batch_1..5,test_batch} (cifar-10-batches-py)'


def read_cifar_batch(path: str, owner: str = 'CIFAR10Dataset'):
    """``(images N x 32 x 32 x 3 uint8, labels N int64)`` of one pickle; errors name the file."""
    require_path(path, owner, LAYOUT)
    try:
        with open(path, 'rb') as file:
            batch = pickle.load(file, encoding='bytes')
    except Exception as error:  # pickle raises several types on a corrupt file
        raise ValueError(f'{owner}: cannot unpickle {path!r} ({type(error).__name__}: '
                         f'{error}); the file is truncated or not a CIFAR-10 python batch. '
                         'Unpack cifar-10-python.tar.gz again.') from error
    if not isinstance(batch, dict) or b'data' not in batch or b'labels' not in batch:
        keys = sorted(batch) if isinstance(batch, dict) else type(batch).__name__
        raise ValueError(f"{owner}: {path!r} lacks b'data' and b'labels' (it has {keys}); "
                         'expected a CIFAR-10 python batch (CIFAR-100 uses other keys).')
    data, labels = np.asarray(batch[b'data']), np.asarray(batch[b'labels'], dtype=np.int64)
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape != (len(labels), 3072):
        raise ValueError(f"{owner}: {path!r}: b'data' is {data.dtype} {data.shape} for "
                         f'{len(labels)} labels; expected uint8 N x 3072.')
    check_labels(labels, len(CIFAR10_CLASSES), owner, path)
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), labels


@DATASETS.register_module()
class CIFAR10Dataset(ClassificationDataset):
    """CIFAR-10: 50,000 train / 10,000 test 32 x 32 RGB images in 10 classes (module
    docstring). ``split``: ``'train'`` (the five data batches, in order) or ``'test'``."""

    METAINFO = dict(classes=CIFAR10_CLASSES)

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        check_choice('CIFAR10Dataset: split', split, tuple(SPLIT_FILES))
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_samples(self) -> List[dict]:
        batches = [read_cifar_batch(osp.join(self.data_root, name))
                   for name in SPLIT_FILES[self.split]]
        images = np.ascontiguousarray(np.concatenate([images for images, _ in batches]))
        return self.in_memory(images, np.concatenate([labels for _, labels in batches]))
