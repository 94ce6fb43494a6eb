"""ImageCLEF-DA (the ImageCLEF 2014 domain adaptation challenge, as used by JAN, CDAN and
SymNets Table 2): three domains of 600 images each, 12 classes of 50 images:

    c  Caltech-256        i  ImageNet ILSVRC 2012        p  Pascal VOC 2012

Layout of the distributed archive (``image_CLEF``):

    <data_root>/{c,i,p}/<image files>
    <data_root>/list/{c,i,p}List.txt          one '<path> <label>' per line, label in 0..11

A list's paths are read against its domain's folder ``<data_root>/<domain>``; the leading
``<domain>/`` that copies of the lists carry (``c/113_0010.jpg 0``) is dropped where present,
so ``c/113_0010.jpg`` and ``113_0010.jpg`` both name ``<data_root>/c/113_0010.jpg``. Errors
name the missing list, folder or images (``image_list.py``).

The labels are the lists' own indices. The archive maps them to no names; the names here
are the challenge's 12 classes in alphabetical order, used to label reports only
(transfer-learning libraries call them '0' ... '11').
"""
import os.path as osp
from typing import List

from segda.registry import DATASETS
from segda.utils import check_choice

from .base import ClassificationDataset
from .image_list import read_image_list

IMAGECLEF_CLASSES = ('aeroplane', 'bike', 'bird', 'boat', 'bottle', 'bus', 'car', 'dog',
                     'horse', 'monitor', 'motorbike', 'people')


@DATASETS.register_module()
class ImageCLEFDataset(ClassificationDataset):
    """One ImageCLEF-DA domain (module docstring).

    Args:
        data_root: the dataset folder (e.g. ``data/imageclef``, the unpacked ``image_CLEF``).
        domain: ``'c'`` (Caltech), ``'i'`` (ImageNet) or ``'p'`` (Pascal).
        **kwargs: see :class:`ClassificationDataset`.
    """

    METAINFO = dict(classes=IMAGECLEF_CLASSES)
    DOMAINS = ('c', 'i', 'p')
    LAYOUT = 'data/imageclef/{c,i,p}/<images> with data/imageclef/list/{c,i,p}List.txt'

    def __init__(self, data_root: str, domain: str, **kwargs):
        check_choice('ImageCLEFDataset: domain', domain, self.DOMAINS)
        self.domain = domain
        super().__init__(data_root=data_root, **kwargs)

    def load_samples(self) -> List[dict]:
        pairs = read_image_list(osp.join(self.data_root, 'list', f'{self.domain}List.txt'),
                                osp.join(self.data_root, self.domain), self.num_classes,
                                type(self).__name__, self.LAYOUT, folder_prefix=self.domain)
        return [dict(img_path=path, gt_label=label) for path, label in pairs]
