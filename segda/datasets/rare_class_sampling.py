"""Rare class sampling (RCS; Hoyer et al., "DAFormer", CVPR 2022, Sec. 3.3).

Source images are drawn so that rare classes are seen more often: first a class ``c``
with probability

    P(c) = exp((1 - f_c) / T) / sum_c' exp((1 - f_c') / T),    f_c = N_c / sum_c' N_c'

where ``N_c`` is the number of pixels of class ``c`` in all source labels (every image
counts, ignored pixels do not) and ``T`` the temperature (DAFormer: 0.01; a smaller ``T``
favours the rare classes more, ``T -> inf`` draws the classes uniformly); then an image
uniformly among those holding more than ``min_pixels`` pixels of ``c`` (DAFormer: 3000).
The sum runs over the classes that occur in the source; a class without any image above
``min_pixels`` cannot be drawn and is left out of it (with a warning). As DAFormer, the
source sample's crop is then redrawn until it holds more than ``min_crop_ratio *
min_pixels`` pixels of ``c`` (:class:`segda.datasets.domain_pair.ClassInCrop`, at most 10
times). The pixel counts ``n[i, c]`` are read once from ``sample_class_stats.json``
(``class_stats.py``).
"""
import logging
from typing import Iterator, List, Optional, Tuple

import numpy as np
from mmengine.dist import barrier, get_dist_info
from mmengine.logging import print_log

from segda.registry import DATA_SAMPLERS

from .class_stats import sample_class_stats
from .domain_pair import ClassInCrop, DomainPairDataset, DomainPairSampler

BLOCK = 1024  # source draws generated at once (part of the stream: changing it changes the draws)


def class_frequencies(stats: np.ndarray) -> np.ndarray:
    """``f_c = N_c / sum_c' N_c'`` from the ``images x classes`` pixel counts."""
    totals = stats.sum(axis=0).astype(np.float64)
    if totals.sum() == 0:
        raise ValueError('rare class sampling: the source labels hold no pixel of any class.')
    return totals / totals.sum()


def class_probabilities(frequencies: np.ndarray, temperature: float) -> np.ndarray:
    """``P(c) = softmax_c((1 - f_c) / T)`` (module docstring) over the given classes."""
    if not temperature > 0:
        raise ValueError(f'rare class sampling: temperature must be > 0, got {temperature!r}.')
    logits = (1.0 - np.asarray(frequencies, dtype=np.float64)) / temperature
    weights = np.exp(logits - logits.max())
    return weights / weights.sum()


def images_with_class(stats: np.ndarray, min_pixels: int) -> List[np.ndarray]:
    """For each class ``c``, the images with more than ``min_pixels`` pixels of ``c``."""
    return [np.flatnonzero(column > min_pixels) for column in stats.T]


@DATA_SAMPLERS.register_module()
class RareClassSampler(DomainPairSampler):
    """Infinite ``(source_index, target_index, ClassInCrop)`` triples for a
    :class:`DomainPairDataset`, the source drawn by rare class sampling (module docstring).

    Args:
        dataset: a :class:`DomainPairDataset` whose source is a labelled ``SegDataset``.
        temperature: ``T`` (DAFormer: 0.01).
        min_pixels: an image is drawn for class ``c`` only with more than this many
            pixels of ``c`` (DAFormer: 3000).
        min_crop_ratio: the source crop is redrawn until it holds more than
            ``min_crop_ratio * min_pixels`` pixels of ``c`` (DAFormer: 0.5; 0 never redraws).
        seed: shared by all ranks; ``None`` draws one and broadcasts it.
        stats_file: the class statistics file (default
            ``<source data_root>/sample_class_stats.json``).
        nproc: processes counting the labels when the file lacks some of them.

    The target indices are those of :class:`DomainPairSampler` (a fresh permutation per
    pass); triple ``k`` of the joint stream goes to rank ``k mod world_size``, and
    ``start_at`` resumes as there. The class ``c`` and its image are drawn from the
    source generator, both derived from ``seed``.
    """

    def __init__(self, dataset: DomainPairDataset, temperature: float = 0.01,
                 min_pixels: int = 3000, min_crop_ratio: float = 0.5,
                 seed: Optional[int] = None, stats_file: Optional[str] = None,
                 nproc: int = 1):
        if not isinstance(dataset, DomainPairDataset):
            raise TypeError(f'RareClassSampler needs a DomainPairDataset, got '
                            f'{type(dataset).__name__}.')
        if min_crop_ratio < 0:
            raise ValueError(f'RareClassSampler: min_crop_ratio must be >= 0, got '
                             f'{min_crop_ratio!r}.')
        stats = self._class_stats(dataset.source, stats_file, nproc)
        frequencies = class_frequencies(stats)
        self.images = images_with_class(stats, min_pixels)
        classes = dataset.metainfo['classes']
        undrawable = [c for c in np.flatnonzero(frequencies > 0) if not len(self.images[c])]
        if undrawable:
            print_log(f'RareClassSampler: no source image has more than min_pixels='
                      f'{min_pixels} pixels of {[classes[c] for c in undrawable]}; these '
                      'classes are not drawn (lower min_pixels to draw them).',
                      logger='current', level=logging.WARNING)
        self.classes = np.array([c for c in range(len(frequencies))
                                 if frequencies[c] > 0 and len(self.images[c])], dtype=np.int64)
        if not len(self.classes):
            raise ValueError(f'RareClassSampler: no source image has more than min_pixels='
                             f'{min_pixels} pixels of any class; lower min_pixels.')
        self.probabilities = class_probabilities(frequencies[self.classes], temperature)
        self.keep_pixels = min_crop_ratio * min_pixels if min_crop_ratio > 0 else None
        print_log('RareClassSampler: P(c) = ' + ', '.join(
            f'{classes[c]} {p:.4f}' for c, p in zip(self.classes, self.probabilities)),
            logger='current')
        super().__init__(dataset, shuffle=True, seed=seed)

    @staticmethod
    def _class_stats(source, stats_file: Optional[str], nproc: int) -> np.ndarray:
        """The source's pixel counts; rank 0 counts (and writes) what the file lacks while
        the other ranks wait, then read it."""
        rank, _ = get_dist_info()
        stats = sample_class_stats(source, stats_file, nproc) if rank == 0 else None
        barrier()
        return stats if stats is not None else sample_class_stats(source, stats_file, nproc)

    def _source_stream(self, seed_sequence: np.random.SeedSequence) -> Iterator[Tuple[int, int]]:
        """``(image, class)`` forever: ``c ~ P``, then an image of ``c`` uniformly."""
        rng = np.random.default_rng(seed_sequence)
        while True:
            classes = rng.choice(self.classes, size=BLOCK, p=self.probabilities)
            for c, u in zip(classes, rng.random(BLOCK)):
                images = self.images[c]
                yield int(images[int(u * len(images))]), int(c)

    def _all_pairs(self) -> Iterator[tuple]:
        source_seed, target_seed = np.random.SeedSequence(self.seed).spawn(2)
        for (i, c), j in zip(self._source_stream(source_seed),
                             self._stream(self.sizes[1], target_seed)):
            keep = None if self.keep_pixels is None else ClassInCrop(c, self.keep_pixels)
            yield i, int(j), keep

