"""Tiny GTA5- and Cityscapes-format folders written with cv2, for the dataset layer tests.

Images encode their own coordinates (R = x, G = y, B = a per-file tag), so any crop, flip
or pad can be traced back. Labels cycle through a few Cityscapes label ids whose trainIds
are written out here by hand (``EXPECTED_TRAIN_ID``), independently of the library table.
"""
import os
import os.path as osp

import cv2
import numpy as np

# label id -> trainId for the ids the fixtures use (road, car, bicycle, two unused ids).
EXPECTED_TRAIN_ID = {7: 0, 26: 13, 33: 18, 0: 255, 4: 255}
FIXTURE_LABEL_IDS = np.array(sorted(EXPECTED_TRAIN_ID), dtype=np.uint8)


def coordinate_image(height, width, tag=0):
    """RGB uint8 image with ``R = x mod 256``, ``G = y mod 256``, ``B = tag``."""
    y, x = np.mgrid[:height, :width]
    return np.stack([x % 256, y % 256, np.full_like(x, tag)], axis=-1).astype(np.uint8)


def label_ids(height, width, shift=0):
    """uint8 label ids cycling through ``FIXTURE_LABEL_IDS`` along ``x + y + shift``."""
    y, x = np.mgrid[:height, :width]
    return FIXTURE_LABEL_IDS[(x + y + shift) % len(FIXTURE_LABEL_IDS)]


def expected_train_ids(ids):
    """The trainIds of ``ids`` through ``EXPECTED_TRAIN_ID``."""
    out = np.empty_like(ids)
    for label_id, train_id in EXPECTED_TRAIN_ID.items():
        out[ids == label_id] = train_id
    return out


def write_rgb(path, image):
    """Write an RGB image with cv2 (which expects BGR), creating its folder."""
    os.makedirs(osp.dirname(path), exist_ok=True)
    assert cv2.imwrite(path, cv2.cvtColor(image, cv2.COLOR_RGB2BGR))


def write_grey(path, array):
    os.makedirs(osp.dirname(path), exist_ok=True)
    assert cv2.imwrite(path, array)


def make_gta5(root, num=4, size=(24, 16), label_sizes=None):
    """``root/images/0000k.png`` + ``root/labels/0000k.png`` (label ids).

    ``size`` is ``(H, W)``; ``label_sizes`` maps a stem to a different label size.
    Returns the stems.
    """
    label_sizes = label_sizes or {}
    stems = [f'{k:05d}' for k in range(num)]
    for k, stem in enumerate(stems):
        write_rgb(osp.join(root, 'images', f'{stem}.png'), coordinate_image(*size, tag=k))
        write_grey(osp.join(root, 'labels', f'{stem}.png'),
                   label_ids(*label_sizes.get(stem, size), shift=k))
    return stems


def make_cityscapes(root, split='train', cities=('aachen', 'bonn'), per_city=2, size=(16, 32),
                    formats=('labelIds',)):
    """``leftImg8bit/<split>/<city>/<city>_00000k_000019_leftImg8bit.png`` and the
    ``gtFine`` labels in ``formats`` (``labelIds`` and/or ``trainIds``). Returns the stems."""
    stems = []
    for city in cities:
        for k in range(per_city):
            stem = f'{city}/{city}_{k:06d}_000019'
            tag = len(stems)
            ids = label_ids(*size, shift=tag)
            write_rgb(osp.join(root, 'leftImg8bit', split, f'{stem}_leftImg8bit.png'),
                      coordinate_image(*size, tag=tag))
            if 'labelIds' in formats:
                write_grey(osp.join(root, 'gtFine', split, f'{stem}_gtFine_labelIds.png'), ids)
            if 'trainIds' in formats:
                write_grey(osp.join(root, 'gtFine', split, f'{stem}_gtFine_labelTrainIds.png'),
                           expected_train_ids(ids))
            stems.append(stem)
    return stems


def corrupt(path, keep_fraction=0.0):
    """Replace a file by garbage (``keep_fraction=0``) or by its first bytes (truncated)."""
    with open(path, 'rb') as file:
        data = file.read()
    with open(path, 'wb') as file:
        file.write(data[:int(len(data) * keep_fraction)] if keep_fraction else b'not an image')
