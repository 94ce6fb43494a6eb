"""Benchmark data: GTA5-sized files, the config's train loader pointed at them, loader speed.

The timings must not depend on a dataset being installed, and the loader must be timed on
files as heavy as the real ones. So the benchmark writes a few SynthCity scenes at GTA5's
size (1914 x 1052) in the GTA5 (source) and Cityscapes (target) layouts, with sensor-like
Gaussian noise (sigma = 1.5 grey levels) so that each PNG weighs a few MB, as GTA5's
frames do (a clean render compresses ten times better and decodes faster; the report
gives the mean size). The config's
``train_dataloader`` is then pointed at them: same dataset classes, pipelines, sampler,
collate function and batch size.
"""
import copy
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np
from mmengine.runner import Runner

from segda.datasets.synthcity import generate_synthcity
from segda.datasets.synthcity.writer import source_paths, target_paths
from segda.structures import is_domain_pair

GTA5_SIZE = (1914, 1052)  # (W, H) of most GTA5 frames
SENSOR_NOISE = 1.5
# Dataset type -> its sub-folder in the benchmark data and the keys that must point there.
DATASET_LAYOUTS = dict(
    GTA5Dataset=('gta5', dict(split_file=None, label_format='labelIds')),
    CityscapesDataset=('cityscapes', dict(split='train', split_file=None, label_format='labelIds')),
)


def write_benchmark_data(root, count: int, size: Sequence[int] = GTA5_SIZE, seed: int = 0) -> float:
    """Write ``count`` source and ``count`` target images of ``size`` = (W, H) under ``root``
    (module docstring); returns the mean size of an image PNG in bytes."""
    generate_synthcity(root, num_source=count, num_target=count, num_val=0, size=tuple(size),
                       seed=seed)
    rng = np.random.default_rng(seed)
    images = ([source_paths(root, i)[0] for i in range(count)]
              + [target_paths(root, 'train', i)[0] for i in range(count)])
    for path in images:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        noisy = np.clip(image + rng.normal(0.0, SENSOR_NOISE, image.shape), 0, 255)
        if not cv2.imwrite(str(path), noisy.astype(np.uint8)):
            raise OSError(f'benchmark data: could not write {path}')
    return float(np.mean([path.stat().st_size for path in images]))


def _short_type(cfg: dict) -> str:
    return str(cfg.get('type', '')).rsplit('.', 1)[-1]


def point_dataset_at(dataset_cfg: dict, root) -> dict:
    """A copy of a train dataset config (a GTA5Dataset, a CityscapesDataset or a
    DomainPairDataset of them) reading the benchmark data under ``root``."""
    dataset_cfg = copy.deepcopy(dataset_cfg)
    kind = _short_type(dataset_cfg)
    if kind == 'DomainPairDataset':
        for domain in ('source', 'target'):
            dataset_cfg[domain] = point_dataset_at(dataset_cfg[domain], root)
        return dataset_cfg
    if kind not in DATASET_LAYOUTS:
        raise ValueError(f'train_dataloader.dataset: the benchmark writes its data for '
                         f'{sorted(DATASET_LAYOUTS)} (or a DomainPairDataset of them), not '
                         f'{dataset_cfg.get("type")!r}.')
    folder, keys = DATASET_LAYOUTS[kind]
    dataset_cfg.update(keys, data_root=str(Path(root) / folder))
    return dataset_cfg


def with_resize_scale(dataset_cfg: dict, scale: Sequence[int]) -> dict:
    """A copy of a dataset config whose every ``Resize`` (also in a pair's domains)
    resizes to ``scale`` = (W, H)."""
    dataset_cfg = copy.deepcopy(dataset_cfg)
    for domain in ('source', 'target'):
        if domain in dataset_cfg:
            dataset_cfg[domain] = with_resize_scale(dataset_cfg[domain], scale)
    for transform in dataset_cfg.get('pipeline', ()):
        if _short_type(transform) == 'Resize':
            transform['scale'] = tuple(scale)
    return dataset_cfg


def loader_config(dataloader_cfg: dict, dataset_cfg: dict, num_workers: int,
                  pin_memory: bool) -> dict:
    """``dataloader_cfg`` with another dataset and worker count (persistent when > 0)."""
    return dict(copy.deepcopy(dataloader_cfg), dataset=dataset_cfg, num_workers=num_workers,
                persistent_workers=num_workers > 0,
                pin_memory=pin_memory and dataloader_cfg.get('pin_memory', False))


def count_images(batch: dict) -> int:
    """Images in a collated batch (a domain pair counts both halves)."""
    if is_domain_pair(batch):
        return count_images(batch['source']) + count_images(batch['target'])
    return len(batch['inputs'])


def count_samples(batch: dict) -> int:
    """Training samples in a collated batch (a domain pair is one sample)."""
    return count_samples(batch['source']) if is_domain_pair(batch) else len(batch['inputs'])


def input_size(batch: dict) -> tuple:
    """(H, W) of the first image of a collated batch (of its source for a pair)."""
    batch = batch['source'] if is_domain_pair(batch) else batch
    return tuple(batch['inputs'][0].shape[-2:])


def _next(iterator):
    try:
        return next(iterator)
    except StopIteration:
        raise ValueError('train_dataloader ran out of batches: the benchmark needs an '
                         "infinite sampler (InfiniteSampler, DomainPairSampler).") from None


def preload_batches(dataloader_cfg: dict, count: int, seed: int = 0) -> tuple:
    """``count`` collated batches of ``dataloader_cfg`` (loaded in this process) and the
    loader."""
    loader = Runner.build_dataloader(dict(dataloader_cfg, num_workers=0,
                                          persistent_workers=False), seed=seed)
    iterator = iter(loader)
    return [_next(iterator) for _ in range(count)], loader


@dataclass
class LoaderRate:
    """Throughput of a train loader with ``workers`` worker processes (0: in this process)."""

    workers: int
    samples_per_s: float
    images_per_s: float
    output_size: tuple

    @property
    def images_per_s_per_worker(self) -> float:
        return self.images_per_s / max(self.workers, 1)


def loader_throughput(dataloader_cfg: dict, min_batches: int, seed: int = 0) -> LoaderRate:
    """Samples and images per second delivered by the loader of ``dataloader_cfg``.

    Worker start-up is not timed: the clock starts once the first round of batches (one
    per worker) has arrived, and stops after whole further rounds, at least
    ``min_batches`` batches, so that the batches workers prefetch do not inflate the rate.
    """
    workers = dataloader_cfg['num_workers']
    per_round = max(workers, 1)
    rounds = -(-min_batches // per_round)
    loader = Runner.build_dataloader(dataloader_cfg, seed=seed)
    iterator = iter(loader)
    for _ in range(per_round):
        batch = _next(iterator)
    samples = images = 0
    start = time.perf_counter()
    for _ in range(rounds * per_round):
        batch = _next(iterator)
        samples, images = samples + count_samples(batch), images + count_images(batch)
    elapsed = time.perf_counter() - start
    del iterator, loader  # stops the workers
    return LoaderRate(workers, samples / elapsed, images / elapsed, input_size(batch))

