"""SynthCity's file layout: the real datasets' formats, so their dataset classes read it.

::

    <out>/synthcity.json                                   what made the folder (seed, size, counts)
    <out>/gta5/images/00000.png                            source image, RGB
    <out>/gta5/labels/00000.png                            Cityscapes label ids, uint8, one channel
    <out>/cityscapes/leftImg8bit/<split>/<city>/<city>_000000_000000_leftImg8bit.png
    <out>/cityscapes/gtFine/<split>/<city>/<city>_000000_000000_gtFine_labelIds.png

Target images go round-robin over the split's cities (image i: city i mod n, frame
i // n), so an image keeps its file name when the number of images changes.
"""
import json
import os
import shutil
from pathlib import Path

import cv2

MANIFEST = 'synthcity.json'
# Invented cities: three for target training, a different one for validation.
CITIES = dict(train=('pixelburg', 'polyton', 'rastervale'), val=('vectorhaven',))
# Configuration keys that must match for two runs to share one folder.
IDENTITY_KEYS = ('seed', 'size')


def source_paths(root, index):
    """(image, label) paths of source image ``index`` (GTA5 layout)."""
    root = Path(root) / 'gta5'
    name = f'{index:05d}.png'
    return root / 'images' / name, root / 'labels' / name


def target_paths(root, split, index):
    """(image, label) paths of target image ``index`` of ``split`` ('train' or 'val',
    Cityscapes layout)."""
    cities = CITIES[split]
    city, frame = cities[index % len(cities)], index // len(cities)
    stem = f'{city}_000000_{frame:06d}'
    root = Path(root) / 'cityscapes'
    return (root / 'leftImg8bit' / split / city / f'{stem}_leftImg8bit.png',
            root / 'gtFine' / split / city / f'{stem}_gtFine_labelIds.png')


def _write_png(path, array):
    """Encode ``array`` as PNG and move it into place in one step, so an interrupted run
    never leaves a truncated file that a later ``skip_existing`` run would keep."""
    ok, encoded = cv2.imencode('.png', array)
    if not ok:
        raise OSError(f'SynthCity: could not encode {path} as PNG')
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + '.partial')
    partial.write_bytes(encoded.tobytes())
    os.replace(partial, path)


def write_pair(image_path, label_path, image, labels):
    """Write an RGB image ``(H, W, 3)`` uint8 and its label-id map ``(H, W)`` uint8."""
    _write_png(image_path, cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    _write_png(label_path, labels)


def read_manifest(root):
    """The manifest of a SynthCity folder, or None when there is none."""
    path = Path(root) / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise ValueError(f'{path} is not valid JSON ({error}); delete it or the whole folder') from error


def check_compatible(root, config):
    """Raise ValueError when keeping the files under ``root`` would mix datasets: SynthCity
    data made with another seed or size, or gta5/ / cityscapes/ folders not made by
    SynthCity at all."""
    root = Path(root)
    manifest = read_manifest(root)
    if manifest is None:
        foreign = [name for name in ('gta5', 'cityscapes') if (root / name).exists()]
        if foreign:
            raise ValueError(f'{root} holds {" and ".join(foreign)}/ but no {MANIFEST}, so that data was '
                             f'not made by SynthCity (it may be the real dataset); choose another '
                             f'output folder')
        return
    for key in IDENTITY_KEYS:
        if manifest.get(key) != config[key]:
            raise ValueError(
                f'{root / MANIFEST} says its data was made with {key}={manifest.get(key)}, '
                f'not {key}={config[key]}; mixing the two would give an inconsistent dataset. '
                f'Use another output folder, or replace it (make_synthcity.py --overwrite).')


def write_manifest(root, config):
    """Record ``config`` (seed, size, counts) in ``<root>/synthcity.json``."""
    path = Path(root) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + '\n')


def remove_synthcity(root):
    """Delete what SynthCity wrote under ``root`` (gta5/, cityscapes/, the manifest).
    Refuses (ValueError) when ``root`` has no manifest: it may hold real datasets."""
    root = Path(root)
    if read_manifest(root) is None:
        raise ValueError(f'{root} has no {MANIFEST}, so it was not made by SynthCity (it may hold '
                         f'the real GTA5/Cityscapes); delete it yourself or choose another folder')
    for name in ('gta5', 'cityscapes'):
        shutil.rmtree(root / name, ignore_errors=True)
    (root / MANIFEST).unlink()
