"""SVHN and Syn Numbers, from their MATLAB files (read with ``scipy.io.loadmat``).

Both hold ``X`` (uint8, 32 x 32 x 3 x N) and ``y`` (N x 1, 1-10, where 10 means the digit
0): SVHN (Netzer et al. 2011) ``<data_root>/{train,test,extra}_32x32.mat`` (the cropped
digits, format 2); Syn Numbers (Ganin & Lempitsky 2015)
``<data_root>/synth_{train,test}_32x32.mat``.
torchvision's ``SVHN`` is not used: it refuses any file whose MD5 differs from the
official archive's, so it could read neither Syn Numbers nor a file written by a test.
"""
import os.path as osp
from typing import List

import numpy as np
import scipy.io

from segda.registry import DATASETS
from segda.utils import check_choice

from .base import ClassificationDataset, check_labels, require_path

ZERO_LABEL = 10  # SVHN's label of the digit 0


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
            raise ValueError(f'{name}: {path!r} lacks the variables X and y '
                             f'(it has {sorted(k for k in mat if not k.startswith("__"))}).')
        images, labels = mat['X'], mat['y'].reshape(-1).astype(np.int64)
        if images.ndim != 4 or images.shape[2] != 3 or images.shape[3] != len(labels):
            raise ValueError(f'{name}: {path!r}: X has shape {images.shape} for {len(labels)} '
                             'labels; expected 32 x 32 x 3 x N.')
        check_labels(labels, ZERO_LABEL + 1, name, path)
        labels[labels == ZERO_LABEL] = 0
        images = np.ascontiguousarray(images.transpose(3, 0, 1, 2), dtype=np.uint8)
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
