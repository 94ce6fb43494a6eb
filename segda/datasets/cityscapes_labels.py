"""The 19 Cityscapes training classes and the label-id -> trainId lookup table.

Cityscapes (and GTA5, which uses the same ids) store *label ids* 0..33. Training and
evaluation use the 19 classes below as *trainIds* 0..18; every other id is ignored (255).
The conversion is one 256-entry table lookup:

    train_id = LABEL_ID_TO_TRAIN_ID[label_id]
"""
import numpy as np

from .label_space import label_table

IGNORE_INDEX = 255
NUM_LABEL_IDS = 34  # Cityscapes label ids 0..33 (the 19 training classes and the ignored rest)

# (name, Cityscapes label id, official colour RGB), in trainId order 0..18.
TRAIN_CLASSES = (
    ('road', 7, (128, 64, 128)),
    ('sidewalk', 8, (244, 35, 232)),
    ('building', 11, (70, 70, 70)),
    ('wall', 12, (102, 102, 156)),
    ('fence', 13, (190, 153, 153)),
    ('pole', 17, (153, 153, 153)),
    ('traffic light', 19, (250, 170, 30)),
    ('traffic sign', 20, (220, 220, 0)),
    ('vegetation', 21, (107, 142, 35)),
    ('terrain', 22, (152, 251, 152)),
    ('sky', 23, (70, 130, 180)),
    ('person', 24, (220, 20, 60)),
    ('rider', 25, (255, 0, 0)),
    ('car', 26, (0, 0, 142)),
    ('truck', 27, (0, 0, 70)),
    ('bus', 28, (0, 60, 100)),
    ('train', 31, (0, 80, 100)),
    ('motorcycle', 32, (0, 0, 230)),
    ('bicycle', 33, (119, 11, 32)),
)

CLASSES = tuple(name for name, _, _ in TRAIN_CLASSES)
LABEL_IDS = tuple(label_id for _, label_id, _ in TRAIN_CLASSES)
PALETTE = tuple(colour for _, _, colour in TRAIN_CLASSES)

# The label space of Cityscapes and GTA5 (segda/datasets/label_space.py): label id -> trainId.
CITYSCAPES_METAINFO = dict(classes=CLASSES, palette=PALETTE,
                           label_map={label_id: k for k, label_id in enumerate(LABEL_IDS)},
                           ignore_index=IGNORE_INDEX)

LABEL_ID_TO_TRAIN_ID = label_table(CITYSCAPES_METAINFO)


def to_train_ids(label_ids: np.ndarray) -> np.ndarray:
    """Map a uint8 array of Cityscapes label ids to trainIds (same shape, uint8)."""
    if label_ids.dtype != np.uint8:
        raise TypeError(f'to_train_ids expects a uint8 array of label ids, got {label_ids.dtype}; '
                        'read labels with segda.datasets.image_io.read_label.')
    return LABEL_ID_TO_TRAIN_ID[label_ids]
