"""SynthCity: an embedded, procedural stand-in for GTA5 -> Cityscapes.

``generate_synthcity`` draws random street scenes (``scene.py``) and writes a
game-like source in the GTA5 layout and a camera-like target in the Cityscapes layout
(``render.py``, ``writer.py``), so the real dataset classes, configs and tools run on
it by pointing ``data_root`` at the output folder.

Every image has its own random stream, seeded by ``SeedSequence(seed, spawn_key=(s, i))``
with s the split (0 source, 1 target train, 2 target val) and i the image index: the
same arguments give byte-identical files, and changing one split's count (or
regenerating only missing files) never changes another image.
"""
import multiprocessing
import os
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from .render import render_camera, render_game
from .scene import CAMERA_RIG, GAME_RIG, make_scene
from .writer import (
    check_compatible,
    read_manifest,
    source_paths,
    target_paths,
    write_manifest,
    write_pair,
)

__all__ = ['generate_synthcity']

# split -> (stream id, camera rig, renderer, (root, index) -> (image path, label path))
_SPLITS = dict(
    source=(0, GAME_RIG, render_game, source_paths),
    target=(1, CAMERA_RIG, render_camera, lambda root, index: target_paths(root, 'train', index)),
    val=(2, CAMERA_RIG, render_camera, lambda root, index: target_paths(root, 'val', index)),
)
MIN_SIZE = (32, 16)
# Below this many images to write, worker start-up costs more than it saves.
MIN_PARALLEL_JOBS = 48


def _check_arguments(counts, size, seed, workers):
    """Raise ValueError naming the first bad argument."""
    for name, count in counts.items():
        if not isinstance(count, (int, np.integer)) or isinstance(count, bool) or count < 0:
            raise ValueError(f'generate_synthcity: {name} must be an int >= 0, got {count!r}')
    if (not isinstance(size, (tuple, list)) or len(size) != 2
            or not all(isinstance(v, (int, np.integer)) for v in size)
            or size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]):
        raise ValueError(f'generate_synthcity: size must be (width, height) in pixels, at least '
                         f'{MIN_SIZE}, e.g. (320, 160); got {size!r}')
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f'generate_synthcity: seed must be an int >= 0, got {seed!r}')
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f'generate_synthcity: workers must be None (one per CPU core) or an int '
                         f'>= 1, got {workers!r}')


class _Progress:
    """A self-overwriting progress line on stderr, redrawn at most every 0.2 s."""

    def __init__(self, total, enabled):
        self.total, self.enabled = total, enabled
        self.started = self.shown = time.monotonic()

    def update(self, done):
        """Show that ``done`` of the images are written."""
        now = time.monotonic()
        if not self.enabled or (now - self.shown < 0.2 and done < self.total):
            return
        self.shown, width = now, 30
        filled = width * done // max(self.total, 1)
        sys.stderr.write(f'\rSynthCity [{"#" * filled}{"." * (width - filled)}] '
                         f'{done}/{self.total} images, {now - self.started:.0f}s')
        sys.stderr.write('\n' if done == self.total else '')
        sys.stderr.flush()


def _usable_cores():
    """CPU cores this process may run on."""
    if hasattr(os, 'sched_getaffinity'):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _make_image(job):
    """Draw, render and write one image/label pair: ``job = (root, split, index, seed,
    size)``. Each image has its own seed, so jobs can run in any order or process."""
    root, split, index, seed, size = job
    stream, rig, render, paths = _SPLITS[split]
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream, index)))
    scene = make_scene(rng, size, rig)
    write_pair(*paths(root, index), render(scene, rng), scene.labels)


def _run(jobs, workers, progress):
    """Run the jobs in this process, or over ``workers`` fresh (spawned, so safe whatever
    threads this process runs) single-threaded processes."""
    if workers == 1:
        for done, job in enumerate(jobs, start=1):
            _make_image(job)
            progress.update(done)
        return
    with multiprocessing.get_context('spawn').Pool(workers, initializer=cv2.setNumThreads,
                                                   initargs=(1,)) as pool:
        chunk = max(1, min(16, len(jobs) // (4 * workers)))
        for done, _ in enumerate(pool.imap_unordered(_make_image, jobs, chunksize=chunk), start=1):
            progress.update(done)


def generate_synthcity(out, num_source=200, num_target=200, num_val=50, size=(320, 160), seed=0,
                       progress=False, skip_existing=False, workers=None):
    """Write a SynthCity dataset under ``out``.

    Args:
        out: output folder (created when missing); becomes the configs' ``data_root``.
        num_source: game-like images with labels in ``<out>/gta5``.
        num_target: camera-like training images (``cityscapes/*/train``); their labels
            are written too, for the oracle upper bound only.
        num_val: camera-like validation images with labels (``cityscapes/*/val``).
        size: (width, height) of every image in pixels.
        seed: the dataset's seed (module docstring).
        progress: print a progress bar on stderr.
        skip_existing: keep image/label pairs that already exist and write only the
            missing ones; refuses (ValueError) when ``out`` was made with another seed or
            size. Otherwise every requested file is (re)written.
        workers: processes to use; None uses one per CPU core when there are at least
            ``MIN_PARALLEL_JOBS`` images to write. The files do not depend on it.

    Returns:
        dict with ``data_root``, ``source_root``, ``target_root``, the three counts,
        ``written`` and ``skipped`` (image/label pairs) and ``seconds``.
    """
    counts = dict(num_source=num_source, num_target=num_target, num_val=num_val)
    _check_arguments(counts, size, seed, workers)
    root, size, seed = Path(out), (int(size[0]), int(size[1])), int(seed)
    config = dict(generator='SynthCity', seed=seed, size=list(size),
                  **{key: int(value) for key, value in counts.items()})
    previous = read_manifest(root)
    if skip_existing:
        check_compatible(root, config)
        if previous is not None:
            config.update({key: max(config[key], int(previous.get(key, 0))) for key in counts})
    write_manifest(root, config)

    jobs, skipped = [], 0
    for split, count in zip(_SPLITS, counts.values()):
        for index in range(count):
            if skip_existing and all(path.is_file() for path in _SPLITS[split][3](root, index)):
                skipped += 1
            else:
                jobs.append((root, split, index, seed, size))
    if workers is None:
        workers = _usable_cores() if len(jobs) >= MIN_PARALLEL_JOBS else 1
    started = time.monotonic()
    _run(jobs, min(workers, max(len(jobs), 1)), _Progress(len(jobs), progress))
    return dict(data_root=str(root), source_root=str(root / 'gta5'),
                target_root=str(root / 'cityscapes'), **counts, written=len(jobs),
                skipped=skipped, seconds=time.monotonic() - started)
