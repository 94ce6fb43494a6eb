"""SYNTHIA-RAND-CITYSCAPES label ids, their Cityscapes train ids, and how they are read.

A label ``GT/LABELS/<stem>.png`` is a 16-bit PNG with 3 channels: the first channel the
file stores (red) holds the SYNTHIA class id, another the instance id. OpenCV returns the
channels reversed, so the class id is ``cv2.imread(path, cv2.IMREAD_UNCHANGED)[:, :, 2]``;
DAFormer's converter (lhoyer/DAFormer, ``tools/convert_datasets/synthia.py``) takes
``[:, :, -1]`` of that same array, the same channel, and code reading the file with
imageio's FreeImage plugin (channels in file order) takes ``[:, :, 0]``. Pillow cannot
decode these files.

The map below is SYNTHIA's README class list matched to the Cityscapes train ids, as
DAFormer's converter writes it. Terrain (16), truck (18) and train (20) are in that list
but no SYNTHIA-RAND-CITYSCAPES pixel carries them, so 16 of the 19 Cityscapes classes
have training pixels (``SYNTHIA_16_CLASSES``); void (0), parking slot (13), road work (14)
and lane marking (22) are ignored (255), as is any id past the list.
"""
import numpy as np

from .cityscapes_labels import CLASSES, IGNORE_INDEX, PALETTE
from .image_io import read_label_channel
from .label_space import label_table

# (SYNTHIA id, SYNTHIA name, Cityscapes train id or IGNORE_INDEX), the README's ids 0..22.
SYNTHIA_IDS = (
    (0, 'void', IGNORE_INDEX),
    (1, 'sky', 10),
    (2, 'building', 2),
    (3, 'road', 0),
    (4, 'sidewalk', 1),
    (5, 'fence', 4),
    (6, 'vegetation', 8),
    (7, 'pole', 5),
    (8, 'car', 13),
    (9, 'traffic sign', 7),
    (10, 'pedestrian', 11),
    (11, 'bicycle', 18),
    (12, 'motorcycle', 17),
    (13, 'parking-slot', IGNORE_INDEX),
    (14, 'road-work', IGNORE_INDEX),
    (15, 'traffic light', 6),
    (16, 'terrain', 9),  # in the list, on no pixel
    (17, 'rider', 12),
    (18, 'truck', 14),  # in the list, on no pixel
    (19, 'bus', 15),
    (20, 'train', 16),  # in the list, on no pixel
    (21, 'wall', 3),
    (22, 'lanemarking', IGNORE_INDEX),
)
NUM_SYNTHIA_IDS = len(SYNTHIA_IDS)
ID_CHANNEL = 0  # the class id's channel, in the file's order

# The classes the field reports SYNTHIA -> Cityscapes over (Cityscapes class names).
ABSENT_CLASSES = ('terrain', 'truck', 'train')
SYNTHIA_16_CLASSES = tuple(name for name in CLASSES if name not in ABSENT_CLASSES)
SYNTHIA_13_CLASSES = tuple(name for name in SYNTHIA_16_CLASSES
                           if name not in ('wall', 'fence', 'pole'))

# The label space (segda/datasets/label_space.py): Cityscapes' 19 classes, SYNTHIA's ids.
SYNTHIA_METAINFO = dict(classes=CLASSES, palette=PALETTE,
                        label_map={raw: train_id for raw, _, train_id in SYNTHIA_IDS
                                   if train_id != IGNORE_INDEX},
                        ignore_index=IGNORE_INDEX)
SYNTHIA_ID_TO_TRAIN_ID = label_table(SYNTHIA_METAINFO)


def read_synthia_ids(path: str) -> np.ndarray:
    """The SYNTHIA class ids of a ``GT/LABELS`` file, ``H x W`` uint16 (as stored)."""
    return read_label_channel(path, ID_CHANNEL)


def read_synthia_label(path: str) -> np.ndarray:
    """The class ids of a ``GT/LABELS`` file as uint8 for ``SYNTHIA_ID_TO_TRAIN_ID`` (what
    ``LoadLabel`` reads through ``SynthiaDataset``): an id past 255 becomes 255, which
    the table ignores like every id it does not list."""
    return np.minimum(read_synthia_ids(path), 255).astype(np.uint8)
