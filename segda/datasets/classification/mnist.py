"""MNIST and USPS, read from local files by torchvision's own readers (MNIST's idx readers,
``USPS(download=False)``).

- MNIST: ``<data_root>/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte`` (torchvision's
  layout: the uncompressed idx files of LeCun's archive), 28 x 28 grey. A file present only
  as its ``.gz`` archive is an error saying so and how to unpack it.
- USPS: ``<data_root>/usps.bz2`` (train, 7291) and ``usps.t.bz2`` (test, 2007), the bzip2
  LIBSVM files (``label idx:value ...``, labels 1-10, values in [-1, 1]); torchvision maps
  them to labels 0-9 and 16 x 16 grey uint8.
"""
import os.path as osp
from typing import List

import numpy as np
from torchvision.datasets import USPS
from torchvision.datasets.mnist import read_image_file, read_label_file

from segda.registry import DATASETS
from segda.utils import check_choice

from .base import ClassificationDataset, check_labels, require_path

MNIST_LAYOUT = '<data_root>/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte'
USPS_LAYOUT = '<data_root>/usps.bz2 (train), <data_root>/usps.t.bz2 (test)'
SPLITS = ('train', 'test')


def require_unpacked(path: str, owner: str) -> None:
    """Raise FileNotFoundError naming ``path``'s ``.gz`` archive when only the archive is
    there (torchvision's idx readers read the unpacked file)."""
    archive = path + '.gz'
    if not osp.isfile(path) and osp.isfile(archive):
        raise FileNotFoundError(f'{owner}: {path!r} is missing but its archive {archive!r} is '
                                f"there; unpack it: gunzip -k '{archive}'.")


def read_error(owner: str, path: str, error: Exception) -> ValueError:
    return ValueError(f'{owner}: cannot read {path!r} ({type(error).__name__}: {error}); the '
                      'file is truncated, corrupt or not in the expected format. Re-download it.')


@DATASETS.register_module()
class MNISTDataset(ClassificationDataset):
    """MNIST (LeCun et al. 1998): 60,000 train / 10,000 test 28 x 28 grey digits.

    Args:
        data_root: the folder holding ``MNIST/raw`` (module docstring), e.g. ``data/mnist``.
        split: ``'train'`` or ``'test'`` (the t10k files).
        **kwargs: see :class:`ClassificationDataset`.
    """

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        check_choice('MNISTDataset: split', split, SPLITS)
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_samples(self) -> List[dict]:
        prefix = 'train' if self.split == 'train' else 't10k'
        raw = osp.join(self.data_root, 'MNIST', 'raw')
        image_file = osp.join(raw, f'{prefix}-images-idx3-ubyte')
        label_file = osp.join(raw, f'{prefix}-labels-idx1-ubyte')
        arrays = []
        for path, read in ((image_file, read_image_file), (label_file, read_label_file)):
            require_unpacked(path, 'MNISTDataset')
            require_path(path, 'MNISTDataset', MNIST_LAYOUT)
            try:
                arrays.append(read(path).numpy())
            except Exception as error:  # torchvision asserts on a bad header or size
                raise read_error('MNISTDataset', path, error) from error
        images, labels = arrays
        if len(images) != len(labels):
            raise ValueError(f'MNISTDataset: {image_file!r} holds {len(images)} images but '
                             f'{label_file!r} {len(labels)} labels; re-download them.')
        check_labels(labels, self.num_classes, 'MNISTDataset', label_file)
        return self.in_memory(images, labels)


@DATASETS.register_module()
class USPSDataset(ClassificationDataset):
    """USPS (Hull 1994): 7,291 train / 2,007 test 16 x 16 grey digits.

    Args:
        data_root: the folder holding ``usps.bz2`` and ``usps.t.bz2``, e.g. ``data/usps``.
        split: ``'train'`` (usps.bz2) or ``'test'`` (usps.t.bz2).
        **kwargs: see :class:`ClassificationDataset`.
    """

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        check_choice('USPSDataset: split', split, SPLITS)
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_samples(self) -> List[dict]:
        path = osp.join(self.data_root, 'usps.bz2' if self.split == 'train' else 'usps.t.bz2')
        require_path(path, 'USPSDataset', USPS_LAYOUT)
        try:
            usps = USPS(self.data_root, train=self.split == 'train', download=False)
        except Exception as error:  # bz2, parse and reshape errors of a bad file
            raise read_error('USPSDataset', path, error) from error
        labels = np.asarray(usps.targets)
        check_labels(labels, self.num_classes, 'USPSDataset', path)
        return self.in_memory(usps.data, labels)
