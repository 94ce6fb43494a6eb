"""SynthCity's file layout: the real datasets' formats, so their dataset classes read it.

::

    <out>/synthcity.json                                   what made the folder (seed, size, counts)
    <out>/gta5/images/00000.png                            source image, RGB
    <out>/gta5/labels/00000.png                            Cityscapes label ids, uint8, one channel
    <out>/cityscapes/leftImg8bit/<split>/<city>/<city>_000000_000000_leftImg8bit.png
    <out>/cityscapes/gtFine/<split>/<city>/<city>_000000_000000_gtFine_labelIds.png

The manifest's counts name every file SynthCity wrote, so :func:`remove_synthcity` deletes
those and nothing else; no folder of the layout may be a symbolic link (:func:`check_no_links`).

Target images go round-robin over the split's cities (image i: city i mod n, frame
i // n), so an image keeps its file name when the number of images changes.
"""
import json
import os
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
        raise ValueError(f'{path} is not valid JSON ({error}); delete it or the whole '
                         'folder') from error


def check_compatible(root, config):
    """Raise ValueError when keeping the files under ``root`` would mix datasets: SynthCity
    data made with another seed or size, or gta5/ / cityscapes/ folders not made by
    SynthCity at all."""
    root = Path(root)
    manifest = read_manifest(root)
    if manifest is None:
        foreign = [name for name in ('gta5', 'cityscapes') if (root / name).exists()]
        if foreign:
            raise ValueError(f'{root} holds {" and ".join(foreign)}/ but no {MANIFEST}, so that '
                             f'data was '
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


def written_files(root, manifest):
    """Every image and label path the manifest's counts say SynthCity wrote under ``root``
    (the layout is fixed by the counts: image ``i`` of a split always has the same name)."""
    for index in range(int(manifest.get('num_source', 0))):
        yield from source_paths(root, index)
    for split, key in (('train', 'num_target'), ('val', 'num_val')):
        for index in range(int(manifest.get(key, 0))):
            yield from target_paths(root, split, index)


def _layout_folders(root):
    """The folders SynthCity writes into, outermost first."""
    root = Path(root)
    yield from (root / 'gta5', root / 'gta5' / 'images', root / 'gta5' / 'labels')
    yield root / 'cityscapes'
    for kind in ('leftImg8bit', 'gtFine'):
        yield root / 'cityscapes' / kind
        for split, cities in CITIES.items():
            yield root / 'cityscapes' / kind / split
            yield from (root / 'cityscapes' / kind / split / city for city in cities)


def check_no_links(root):
    """Raise ValueError when a folder SynthCity writes into (``gta5/``, ``cityscapes/`` and
    below) is a symbolic link: writing or deleting would go through it into another folder."""
    for folder in _layout_folders(root):
        if folder.is_symlink():
            raise ValueError(f'{folder} is a symbolic link (to {os.readlink(folder)}); SynthCity '
                             f'does not write or delete through links. Choose another --out.')


def remove_synthcity(root):
    """Delete what SynthCity wrote under ``root``: the files its manifest's counts name,
    the folders of its layout left empty, and the manifest. Files it did not write stay
    (with their folders). Refuses (ValueError) a folder without a manifest (it may hold
    the real GTA5/Cityscapes) or with a link among the layout's folders."""
    root = Path(root)
    manifest = read_manifest(root)
    if manifest is None:
        raise ValueError(f'{root} has no {MANIFEST}, so it was not made by SynthCity (it may hold '
                         f'the real GTA5/Cityscapes); delete it yourself or choose another folder')
    check_no_links(root)
    for path in written_files(root, manifest):
        for leftover in (path, path.with_name(path.name + '.partial')):
            if leftover.is_file():
                leftover.unlink()
    for folder in reversed(list(_layout_folders(root))):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    (root / MANIFEST).unlink()
