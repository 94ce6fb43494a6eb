"""Datasets, transforms, collate and samplers; importing this module registers them."""
from .base import PairLayout, SegDataset, read_split_file, write_split_file
from .cityscapes import CityscapesDataset, cityscapes_layout
from .cityscapes_labels import CLASSES, IGNORE_INDEX, LABEL_ID_TO_TRAIN_ID, PALETTE, to_train_ids
from .class_stats import CLASS_STATS_FILE, sample_class_stats
from .collate import seg_collate
from .domain_pair import ClassInCrop, DomainPairDataset, DomainPairSampler
from .gta5 import GTA5Dataset, gta5_layout
from .image_io import image_size, read_image, read_label, write_label
from .pseudo_labelled import (
    PseudoLabelledDataset,
    read_pseudo_labels,
    sample_key,
    write_pseudo_labels,
)
from .rare_class_sampling import RareClassSampler
from .synthcity import generate_synthcity
from .synthia import SynthiaDataset, synthia_layout
from .synthia_labels import SYNTHIA_ID_TO_TRAIN_ID, read_synthia_ids, read_synthia_label
from .toy import TwoMoonsDataset, make_two_moons
from .transforms import (
                         ColorJitter,
                         LoadImage,
                         LoadLabel,
                         PackSegInputs,
                         PadIfNeeded,
                         RandomCrop,
                         RandomFlip,
                         Resize,
)

__all__ = [
    'CLASSES', 'PALETTE', 'IGNORE_INDEX', 'LABEL_ID_TO_TRAIN_ID', 'to_train_ids',
    'read_image', 'read_label', 'image_size', 'write_label',
    'PairLayout', 'SegDataset', 'read_split_file', 'write_split_file',
    'GTA5Dataset', 'gta5_layout', 'SynthiaDataset', 'synthia_layout',
    'SYNTHIA_ID_TO_TRAIN_ID', 'read_synthia_ids', 'read_synthia_label',
    'CityscapesDataset', 'cityscapes_layout',
    'LoadImage', 'LoadLabel', 'Resize', 'RandomCrop', 'RandomFlip', 'ColorJitter',
    'PadIfNeeded', 'PackSegInputs', 'seg_collate', 'DomainPairDataset', 'DomainPairSampler',
    'ClassInCrop', 'RareClassSampler', 'CLASS_STATS_FILE', 'sample_class_stats',
    'TwoMoonsDataset', 'make_two_moons', 'generate_synthcity',
    'PseudoLabelledDataset', 'read_pseudo_labels', 'sample_key', 'write_pseudo_labels',
]
# Registered on import: classification and re-ID datasets, DAFormer's transforms.
from . import classification, reid, transforms_daformer  # noqa: E402,F401
