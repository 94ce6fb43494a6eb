"""Classification datasets (digits, traffic signs, object image folders, image lists,
ImageCLEF-DA), their transforms and the embedded digits pair; importing this module
registers them.

Every dataset yields ``dict(inputs=<uint8 C x H x W tensor>, data_samples=dict(gt_label=<int>,
...))`` (``base.py``); batches collate with ``seg_collate`` and pair with
``DomainPairDataset`` like the segmentation datasets.
"""
from .base import DIGIT_CLASSES, ClassificationDataset
from .cifar import CIFAR10_CLASSES, CIFAR10Dataset
from .digits_demo import generate_digits_demo
from .image_folder import (
                           OFFICE31_CLASSES,
                           OFFICE_HOME_CLASSES,
                           VISDA2017_CLASSES,
                           ImageFolderDataset,
                           Office31Dataset,
                           OfficeHomeDataset,
                           VisDA2017Dataset,
)
from .imageclef import IMAGECLEF_CLASSES, ImageCLEFDataset
from .labelled_subset import LabelledSubsetDataset, labelled_indices
from .mnist import MNISTDataset, USPSDataset
from .mnist_m import MNISTMDataset
from .svhn import SVHNDataset, SynDigitsDataset
from .traffic_signs import TRAFFIC_SIGN_CLASSES, GTSRBDataset, SynSignsDataset
from .transforms import GreyToRGB, PackClsInputs, RGBToGrey

__all__ = [
    'DIGIT_CLASSES', 'IMAGECLEF_CLASSES', 'OFFICE31_CLASSES', 'OFFICE_HOME_CLASSES',
    'VISDA2017_CLASSES', 'ImageCLEFDataset', 'TRAFFIC_SIGN_CLASSES', 'GTSRBDataset',
    'SynSignsDataset',
    'ClassificationDataset', 'MNISTDataset', 'USPSDataset', 'SVHNDataset', 'SynDigitsDataset',
    'MNISTMDataset', 'ImageFolderDataset', 'Office31Dataset', 'OfficeHomeDataset',
    'VisDA2017Dataset', 'CIFAR10_CLASSES', 'CIFAR10Dataset', 'LabelledSubsetDataset',
    'labelled_indices', 'GreyToRGB', 'RGBToGrey', 'PackClsInputs', 'generate_digits_demo',
]
