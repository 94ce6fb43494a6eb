"""The Cityscapes label table against the official one, written out independently here."""
import numpy as np
import pytest

from segda.datasets.cityscapes_labels import CLASSES, LABEL_ID_TO_TRAIN_ID, PALETTE, to_train_ids

# The official Cityscapes label definition (cityscapesScripts, labels.py): name, id,
# trainId (255 = ignored in training; 'license plate' has id -1 and is left out).
OFFICIAL_LABELS = [
    ('unlabeled', 0, 255), ('ego vehicle', 1, 255), ('rectification border', 2, 255),
    ('out of roi', 3, 255), ('static', 4, 255), ('dynamic', 5, 255), ('ground', 6, 255),
    ('road', 7, 0), ('sidewalk', 8, 1), ('parking', 9, 255), ('rail track', 10, 255),
    ('building', 11, 2), ('wall', 12, 3), ('fence', 13, 4), ('guard rail', 14, 255),
    ('bridge', 15, 255), ('tunnel', 16, 255), ('pole', 17, 5), ('polegroup', 18, 255),
    ('traffic light', 19, 6), ('traffic sign', 20, 7), ('vegetation', 21, 8),
    ('terrain', 22, 9), ('sky', 23, 10), ('person', 24, 11), ('rider', 25, 12),
    ('car', 26, 13), ('truck', 27, 14), ('bus', 28, 15), ('caravan', 29, 255),
    ('trailer', 30, 255), ('train', 31, 16), ('motorcycle', 32, 17), ('bicycle', 33, 18),
]
OFFICIAL_COLOURS = {
    'road': (128, 64, 128), 'sidewalk': (244, 35, 232), 'building': (70, 70, 70),
    'wall': (102, 102, 156), 'fence': (190, 153, 153), 'pole': (153, 153, 153),
    'traffic light': (250, 170, 30), 'traffic sign': (220, 220, 0),
    'vegetation': (107, 142, 35), 'terrain': (152, 251, 152), 'sky': (70, 130, 180),
    'person': (220, 20, 60), 'rider': (255, 0, 0), 'car': (0, 0, 142), 'truck': (0, 0, 70),
    'bus': (0, 60, 100), 'train': (0, 80, 100), 'motorcycle': (0, 0, 230),
    'bicycle': (119, 11, 32),
}


def test_table_matches_official_for_all_256_ids():
    expected = [255] * 256
    for _, label_id, train_id in OFFICIAL_LABELS:
        expected[label_id] = train_id
    assert LABEL_ID_TO_TRAIN_ID.shape == (256,) and LABEL_ID_TO_TRAIN_ID.dtype == np.uint8
    assert LABEL_ID_TO_TRAIN_ID.tolist() == expected


def test_classes_and_palette_in_train_id_order():
    by_train_id = sorted((t, name) for name, _, t in OFFICIAL_LABELS if t != 255)
    assert list(CLASSES) == [name for _, name in by_train_id]
    assert [tuple(c) for c in PALETTE] == [OFFICIAL_COLOURS[name] for name in CLASSES]


def test_to_train_ids_is_one_lookup_per_pixel():
    ids = np.arange(256, dtype=np.uint8).reshape(16, 16)
    train_ids = to_train_ids(ids)
    assert train_ids.shape == ids.shape and train_ids.dtype == np.uint8
    assert train_ids[0, 7] == 0 and train_ids[2, 1] == 18 and train_ids[0, 0] == 255
    assert (train_ids[ids > 33] == 255).all()


def test_to_train_ids_rejects_wider_types_and_table_is_read_only():
    with pytest.raises(TypeError, match='uint8'):
        to_train_ids(np.array([[7, 300]]))
    with pytest.raises(ValueError):
        LABEL_ID_TO_TRAIN_ID[0] = 3
