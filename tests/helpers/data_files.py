"""Tiny GTA5-, Cityscapes- and SYNTHIA-format folders, for the dataset layer tests.

Images encode their own coordinates (R = x, G = y, B = a per-file tag), so any crop, flip
or pad can be traced back. Labels cycle through a few Cityscapes label ids whose trainIds
are written out here by hand (``EXPECTED_TRAIN_ID``), independently of the library table.
SYNTHIA labels are 16-bit RGB PNGs written byte by byte (``write_png16``), so the channel
the class id is in is the file's first, whatever order a decoder returns.
"""
import os
import os.path as osp
import struct
import zlib

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


# SYNTHIA id -> Cityscapes trainId, written out by hand from SYNTHIA-RAND-CITYSCAPES'
# README class list (0 void ... 22 lane marking) and the Cityscapes train ids.
SYNTHIA_EXPECTED_TRAIN_ID = {
    0: 255, 1: 10, 2: 2, 3: 0, 4: 1, 5: 4, 6: 8, 7: 5, 8: 13, 9: 7, 10: 11, 11: 18, 12: 17,
    13: 255, 14: 255, 15: 6, 16: 9, 17: 12, 18: 14, 19: 15, 20: 16, 21: 3, 22: 255}
# road, car, sky, bicycle and two ignored ids (void, lane marking)
SYNTHIA_FIXTURE_IDS = np.array([3, 8, 1, 11, 0, 22], dtype=np.uint16)


def write_png16(path, rgb):
    """Write a ``H x W x 3`` uint16 array as a 16-bit RGB PNG, channel 0 stored first."""
    height, width, _ = rgb.shape
    rows = rgb.astype('>u2').reshape(height, width * 3).tobytes()
    stride = width * 6
    raw = b''.join(b'\x00' + rows[y * stride:(y + 1) * stride] for y in range(height))

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF))

    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'wb') as file:
        file.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height,
                                                                      16, 2, 0, 0, 0))
                   + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def write_synthia_label(path, class_ids, instance_ids=None):
    """A SYNTHIA label: the class ids in the file's first channel, instance ids in the
    second (default: ``class_ids + 7``, so reading the wrong channel gives other ids),
    ``4 * class_ids + 1`` in the third."""
    class_ids = np.asarray(class_ids, dtype=np.uint16)
    instance_ids = class_ids + 7 if instance_ids is None else instance_ids
    write_png16(path, np.stack([class_ids, instance_ids, 4 * class_ids + 1], axis=-1))


def synthia_ids(height, width, shift=0):
    """uint16 SYNTHIA ids cycling through ``SYNTHIA_FIXTURE_IDS`` along ``x + y + shift``."""
    y, x = np.mgrid[:height, :width]
    return SYNTHIA_FIXTURE_IDS[(x + y + shift) % len(SYNTHIA_FIXTURE_IDS)]


def synthia_train_ids(ids):
    """The trainIds of SYNTHIA ``ids`` through ``SYNTHIA_EXPECTED_TRAIN_ID`` (others: 255)."""
    out = np.full(np.shape(ids), 255, dtype=np.uint8)
    for synthia_id, train_id in SYNTHIA_EXPECTED_TRAIN_ID.items():
        out[np.asarray(ids) == synthia_id] = train_id
    return out


def make_synthia(root, num=4, size=(12, 20), label_sizes=None):
    """``root/RGB/000000k.png`` + ``root/GT/LABELS/000000k.png`` (16-bit SYNTHIA labels).

    ``size`` is ``(H, W)``; ``label_sizes`` maps a stem to a different label size.
    Returns the stems.
    """
    label_sizes = label_sizes or {}
    stems = [f'{k:07d}' for k in range(num)]
    for k, stem in enumerate(stems):
        write_rgb(osp.join(root, 'RGB', f'{stem}.png'), coordinate_image(*size, tag=k))
        write_synthia_label(osp.join(root, 'GT', 'LABELS', f'{stem}.png'),
                            synthia_ids(*label_sizes.get(stem, size), shift=k))
    return stems
