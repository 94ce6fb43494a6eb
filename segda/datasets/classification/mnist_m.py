"""MNIST-M (Ganin & Lempitsky 2015): MNIST digits blended over colour photo patches,
``|patch - digit|`` per channel, 28 x 28 RGB PNGs, in the original archive's layout:

    <data_root>/mnist_m_train/00000000.png ...    <data_root>/mnist_m_train_labels.txt
    <data_root>/mnist_m_test/00000000.png ...     <data_root>/mnist_m_test_labels.txt

each labels file holding one ``00000000.png 5`` line per image.
"""
import os.path as osp
from typing import List

from segda.registry import DATASETS
from segda.utils import check_choice

from .base import ClassificationDataset
from .image_list import read_image_list

LAYOUT = ('<data_root>/mnist_m_{train,test}/*.png with <data_root>/mnist_m_{train,test}_labels.txt '
          "('00000000.png 5' per line)")
SPLITS = ('train', 'test')


@DATASETS.register_module()
class MNISTMDataset(ClassificationDataset):
    """MNIST-M: 59,001 train / 9,001 test images (module docstring).

    Args:
        data_root: the folder holding ``mnist_m_{split}`` and its labels file, e.g.
            ``data/mnist_m``.
        split: ``'train'`` or ``'test'``.
        **kwargs: see :class:`ClassificationDataset`.
    """

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        check_choice('MNISTMDataset: split', split, SPLITS)
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    def load_samples(self) -> List[dict]:
        folder = osp.join(self.data_root, f'mnist_m_{self.split}')
        pairs = read_image_list(osp.join(self.data_root, f'mnist_m_{self.split}_labels.txt'),
                                folder, self.num_classes, 'MNISTMDataset', LAYOUT)
        return [dict(img_path=path, gt_label=label) for path, label in pairs]
