"""SVHN and Syn Numbers, from their MATLAB files (read with ``scipy.io.loadmat``).

Both hold ``X`` (uint8, 32 x 32 x 3 x N) and ``y`` (N x 1, 1-10, where 10 means the digit
0): SVHN (Netzer et al. 2011) ``<data_root>/{train,test,extra}_32x32.mat`` (the cropped
digits, format 2); Syn Numbers (Ganin & Lempitsky 2015)
``<data_root>/synth_{train,test}_32x32.mat``.

Other encodings are never cast silently (a cast would read floats in [0, 1] as black and
wrap integers above 255): a float ``X`` with every value in [0, 1] is scaled to 0-255 and
rounded, with a warning naming the file; any other ``X`` that is not uint8 is refused, and
so is a label ``y`` that is not a whole number, each error naming the file and the variable.
torchvision's ``SVHN`` is not used: it refuses any file whose MD5 differs from the
official archive's, so it could read neither Syn Numbers nor a file written by a test.
"""
import logging
import os.path as osp
from typing import List

import numpy as np
import scipy.io
from mmengine.logging import print_log

from segda.registry import DATASETS
from segda.utils import check_choice

from .base import ClassificationDataset, check_labels, require_path

ZERO_LABEL = 10  # SVHN's label of the digit 0


def mat_variables(path: str) -> str:
    """The variables of a MATLAB file for a message: ``name (d1 x d2, class), ...``."""
    return ', '.join(f'{name} ({" x ".join(map(str, shape))}, {kind})'
                     for name, shape, kind in scipy.io.whosmat(path)) or 'none'


def mat_pixels(images: np.ndarray, owner: str, path: str) -> np.ndarray:
    """``X`` as uint8: as it is, or floats in [0, 1] scaled to 0-255 with a warning; a
    ValueError naming ``path`` for anything else (module docstring)."""
    if images.dtype == np.uint8:
        return images
    is_float = np.issubdtype(images.dtype, np.floating)
    if is_float and images.size and np.isfinite(images).all() and 0 <= images.min() \
            and images.max() <= 1:
        print_log(f'{owner}: {path!r}: X holds floats in [0, 1], read as pixels 0-255 '
                  '(x 255, rounded); save X as uint8 to silence this.', logger='current',
                  level=logging.WARNING)
        return np.rint(images * 255).astype(np.uint8)
    values = f'{images.min()}..{images.max()}' if images.size else 'none'
    raise ValueError(f'{owner}: {path!r}: X is {images.dtype} with values {values}; expected '
                     'uint8 pixels (0-255) or floats in [0, 1]. Convert the file, e.g. '
                     'X = uint8(X) in MATLAB.')


def mat_labels(labels: np.ndarray, owner: str, path: str) -> np.ndarray:
    """``y`` flattened to int64; a ValueError naming ``path`` when a label is not a whole
    number (MATLAB stores whole-number labels as doubles, which are read as they are)."""
    labels = labels.reshape(-1)
    if np.issubdtype(labels.dtype, np.integer):
        return labels.astype(np.int64)
    if not np.issubdtype(labels.dtype, np.floating):
        raise ValueError(f'{owner}: {path!r}: y is {labels.dtype}; expected numeric labels 1-10.')
    bad = np.flatnonzero(labels != np.rint(labels))  # NaN is never equal: bad too
    if bad.size:
        raise ValueError(f'{owner}: {path!r}: y holds non-integer labels (the first is '
                         f'{labels[bad[0]]} at sample {bad[0]}); expected whole numbers 1-10.')
    return labels.astype(np.int64)


class DigitsMatDataset(ClassificationDataset):
    """A ``.mat`` file of ``X`` (32 x 32 x 3 x N) and ``y`` (labels 1-10, 10 -> 0; a label 0
    is taken as the digit 0 too; anything else is an error naming the file).

    Args:
        data_root: the dataset folder.
        split: which file (``FILE_NAME.format(split)``), one of ``SPLITS``.
        **kwargs: see :class:`ClassificationDataset`.
    """

    FILE_NAME = ''
    SPLITS = ('train', 'test')

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        check_choice(f'{type(self).__name__}: split', split, self.SPLITS)
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_samples(self) -> List[dict]:
        name = type(self).__name__
        path = osp.join(self.data_root, self.FILE_NAME.format(self.split))
        layout = '<data_root>/' + self.FILE_NAME.format('{' + ','.join(self.SPLITS) + '}')
        require_path(path, name, layout)
        try:
            mat = scipy.io.loadmat(path, variable_names=('X', 'y'))
        except Exception as error:  # scipy raises several types on a corrupt file
            raise ValueError(f'{name}: cannot read {path!r} ({type(error).__name__}: {error}); '
                             'the file is truncated or not a MATLAB file. Re-download it.'
                             ) from error
        if 'X' not in mat or 'y' not in mat:
            raise ValueError(f'{name}: {path!r} lacks the variables X and y (it has '
                             f'{mat_variables(path)}).')
        images, labels = mat['X'], mat_labels(mat['y'], name, path)
        if images.ndim != 4 or images.shape[2] != 3 or images.shape[3] != len(labels):
            raise ValueError(f'{name}: {path!r}: X has shape {images.shape} for {len(labels)} '
                             'labels; expected 32 x 32 x 3 x N.')
        check_labels(labels, ZERO_LABEL + 1, name, path)
        labels[labels == ZERO_LABEL] = 0
        images = np.ascontiguousarray(mat_pixels(images, name, path).transpose(3, 0, 1, 2))
        return self.in_memory(images, labels)


@DATASETS.register_module()
class SVHNDataset(DigitsMatDataset):
    """SVHN cropped digits: 73,257 train / 26,032 test / 531,131 extra 32 x 32 RGB images
    (module docstring). ``data_root``, e.g. ``data/svhn``; ``split`` train, test or extra."""

    FILE_NAME = '{}_32x32.mat'
    SPLITS = ('train', 'test', 'extra')


@DATASETS.register_module()
class SynDigitsDataset(DigitsMatDataset):
    """Syn Numbers: rendered 32 x 32 RGB digits (module docstring). ``data_root``, e.g.
    ``data/syn_digits``; ``split`` train or test."""

    FILE_NAME = 'synth_{}_32x32.mat'
