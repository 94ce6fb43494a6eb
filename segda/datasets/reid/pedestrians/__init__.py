"""The embedded re-ID pair: procedural pedestrians seen by two camera networks.

    generate_pedestrians('data/pedestrians_demo', num_viper=240, num_prid_shared=160, ...)

writes

- ``<out>/viper/cam_a/NNN_ANGLE.bmp``, ``<out>/viper/cam_b/NNN_ANGLE.bmp`` (VIPeR layout,
  read by ``VIPeRDataset``): ``num_viper`` people, one image per camera; ANGLE is the
  view (0 front, 180 back, 90 side);
- ``<out>/prid2011/single_shot/cam_a/person_XXXX.png`` and ``.../cam_b/`` (PRID layout,
  read by ``PRID2011Dataset``): people 1..``num_prid_shared`` in both cameras, then
  ``num_prid_only_a`` seen by camera A only and ``num_prid_only_b`` by camera B only;
- ``<out>/pedestrians.json``: the arguments (seed, counts).

A person is a fixed :class:`Appearance` (``appearance.py``) drawn by each camera of its
network (``render.py``; the networks' differences: ``networks.py``). The two networks
have different people. Everything comes from ``numpy.random.default_rng(seed)`` (one
spawned stream per network), so a seed gives the same files.
"""
import json
import os
import os.path as osp
import re
from typing import Dict, List

import cv2
import numpy as np

from .appearance import Appearance, sample_appearance
from .networks import PRID_CAMERAS, VIPER_CAMERAS
from .render import render

__all__ = ['Appearance', 'generate_pedestrians', 'written_paths']

VIEW_ANGLES = dict(front=0, back=180, side=90)
MANIFEST = 'pedestrians.json'
LAYOUT_FOLDERS = (('viper/cam_a', re.compile(r'^\d{3}_\d+\.bmp$')),
                  ('viper/cam_b', re.compile(r'^\d{3}_\d+\.bmp$')),
                  ('prid2011/single_shot/cam_a', re.compile(r'^person_\d{4}\.png$')),
                  ('prid2011/single_shot/cam_b', re.compile(r'^person_\d{4}\.png$')))


def written_paths(out: str) -> List[str]:
    """The files of a pedestrians pair under ``out`` that exist (manifest and images)."""
    paths = [osp.join(out, MANIFEST)] if osp.isfile(osp.join(out, MANIFEST)) else []
    for folder, pattern in LAYOUT_FOLDERS:
        path = osp.join(out, folder)
        if osp.isdir(path):
            paths += [osp.join(path, name) for name in sorted(os.listdir(path))
                      if pattern.match(name)]
    return paths


def _write(path: str, image: np.ndarray) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    if not cv2.imwrite(path, cv2.cvtColor(image, cv2.COLOR_RGB2BGR)):
        raise OSError(f'could not write {path!r}; is the folder writable?')


def _shot(appearance, style, rng):
    """``(image, view)``: the view is drawn first so the file name can carry it."""
    view = str(rng.choice(style.views))
    return render(appearance, style, rng, view), view


def generate_pedestrians(out: str, num_viper: int = 240, num_prid_shared: int = 160,
                         num_prid_only_a: int = 20, num_prid_only_b: int = 80, seed: int = 0,
                         overwrite: bool = False) -> Dict[str, int]:
    """Write the pair under ``out`` (module docstring); return the image counts per folder.

    Raises FileExistsError naming a file already there, unless ``overwrite``, which
    deletes exactly the files of a previous pair (``written_paths``) first.
    """
    counts = dict(num_viper=num_viper, num_prid_shared=num_prid_shared,
                  num_prid_only_a=num_prid_only_a, num_prid_only_b=num_prid_only_b)
    for name, value in counts.items():
        low = 1 if name in ('num_viper', 'num_prid_shared') else 0
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise ValueError(f'generate_pedestrians: {name} must be an int >= {low}, got {value!r}')
    if num_viper > 999 or num_prid_shared + max(num_prid_only_a, num_prid_only_b) > 9999:
        raise ValueError('generate_pedestrians: the layouts number people with 3 digits (VIPeR) '
                         'and 4 digits (PRID): at most 999 VIPeR and 9999 PRID people.')
    existing = written_paths(out)
    if existing and not overwrite:
        raise FileExistsError(f'{out!r} already holds a pedestrians pair ({len(existing)} files, '
                              f'e.g. {existing[0]!r}); nothing is overwritten silently: pass '
                              '--overwrite to replace those files.')
    for path in existing:
        os.remove(path)
    viper_rng, prid_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    written = dict(viper_cam_a=0, viper_cam_b=0, prid_cam_a=0, prid_cam_b=0)
    for person in range(num_viper):
        appearance = sample_appearance(viper_rng)
        for camera, style in zip('ab', VIPER_CAMERAS):
            image, view = _shot(appearance, style, viper_rng)
            _write(osp.join(out, 'viper', f'cam_{camera}',
                            f'{person:03d}_{VIEW_ANGLES[view]}.bmp'), image)
            written[f'viper_cam_{camera}'] += 1
    prid = osp.join(out, 'prid2011', 'single_shot')
    people = ([(n, (0, 1)) for n in range(1, num_prid_shared + 1)]
              + [(num_prid_shared + n, (0,)) for n in range(1, num_prid_only_a + 1)]
              + [(num_prid_shared + n, (1,)) for n in range(1, num_prid_only_b + 1)])
    for number, cameras in people:
        appearance = sample_appearance(prid_rng)
        for camera in cameras:
            image, _ = _shot(appearance, PRID_CAMERAS[camera], prid_rng)
            _write(osp.join(prid, f'cam_{"ab"[camera]}', f'person_{number:04d}.png'), image)
            written[f'prid_cam_{"ab"[camera]}'] += 1
    with open(osp.join(out, MANIFEST), 'w', encoding='utf-8') as file:
        json.dump(dict(seed=seed, **counts, images=written), file, indent=1)
    return written
