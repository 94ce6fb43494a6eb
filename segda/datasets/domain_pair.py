"""Domain pairs for adaptation: a labelled source and an unlabelled target, sampled apart.

``DomainPairDataset[(i, j)] = dict(source=source[i], target=target[j])``. Target labels
are never loaded for training (the target is built with ``with_labels=False``). An index
``(i, j, keep)`` with a :class:`ClassInCrop` ``keep`` (drawn by ``RareClassSampler``)
fetches ``source[i]`` again until its crop holds the class ``keep`` names.

``DomainPairSampler`` yields ``(i, j)`` from two independent infinite streams, each a
fresh random permutation of its dataset per pass (its own generator, both derived from
one seed). Pair ``k`` of the joint stream goes to rank ``k mod world_size``. So every
source image is used once per source pass (summed over ranks), and which target image
meets a source image changes from pass to pass: no fixed source-target pairs.

``DomainPairSampler.start_at(position)`` restarts a rank's stream at its ``position``-th
pair, so a resumed run (``segda.engine.loops``) continues the pair sequence of the
interrupted one without loading the pairs it already trained on.
"""
import itertools
from typing import Iterator, NamedTuple, Optional, Tuple, Union

import numpy as np
from mmengine.dist import get_dist_info, sync_random_seed
from torch.utils.data import Dataset, Sampler

from segda.registry import DATA_SAMPLERS, DATASETS

from .label_space import check_class_names
from .transforms import LoadLabel


def _build(dataset: Union[dict, Dataset]) -> Dataset:
    return DATASETS.build(dataset) if isinstance(dataset, dict) else dataset


class ClassInCrop(NamedTuple):
    """Keep class ``class_id`` in the source crop: the source sample is fetched again (its
    whole pipeline redrawn: rescale, crop, flip, ...) while its ``gt_seg`` holds
    ``min_pixels`` or fewer pixels of the class, at most ``max_tries`` times; the last
    sample fetched is kept (DAFormer's rare class sampling, ``rare_class_sampling.py``)."""

    class_id: int
    min_pixels: float
    max_tries: int = 10

    def fetch(self, dataset: Dataset, index: int) -> dict:
        """``dataset[index]``, fetched again as the class docstring says."""
        sample = dataset[index]
        for _ in range(self.max_tries):
            if int((sample['data_samples']['gt_seg'] == self.class_id).sum()) > self.min_pixels:
                break
            sample = dataset[index]
        return sample


@DATASETS.register_module()
class DomainPairDataset(Dataset):
    """A labelled ``source`` and an unlabelled ``target`` dataset, indexed by ``(i, j)``.

    Args:
        source: dataset config or instance (labelled).
        target: dataset config (built with ``with_labels=False``) or an instance built
            with ``with_labels=False``. Its pipeline must not contain ``LoadLabel``.

    ``len()`` is the source length. Sample it with ``DomainPairSampler``.
    """

    def __init__(self, source: Union[dict, Dataset], target: Union[dict, Dataset]):
        if isinstance(target, dict):
            target = dict(target, with_labels=False)
        elif getattr(target, 'with_labels', False):
            raise ValueError('DomainPairDataset: the target dataset instance was built with '
                             'with_labels=True; target labels are never used for training. '
                             'Pass its config, or build it with with_labels=False.')
        self.source = _build(source)
        self.target = _build(target)
        check_class_names(self.metainfo.get('classes'), [('target', self.target)],
                          reference='the source')
        transforms = getattr(getattr(self.target, 'pipeline', None), 'transforms', ())
        if any(isinstance(transform, LoadLabel) for transform in transforms):
            raise ValueError('DomainPairDataset: the target pipeline contains LoadLabel, but '
                             'target labels are not loaded (with_labels=False). Remove '
                             'LoadLabel from the target pipeline.')

    @property
    def metainfo(self) -> dict:
        """The source's meta information (classes, palette); both domains share the classes."""
        return getattr(self.source, 'metainfo', {})

    def __len__(self) -> int:
        return len(self.source)

    def __getitem__(self, index: tuple) -> dict:
        if not isinstance(index, tuple) or len(index) not in (2, 3):
            raise TypeError(f'DomainPairDataset is indexed by (source_index, target_index) or '
                            f"(source_index, target_index, ClassInCrop), got {index!r}; use "
                            "sampler=dict(type='DomainPairSampler') in the train dataloader.")
        source_index, target_index, keep = index if len(index) == 3 else (*index, None)
        source = self.source[source_index] if keep is None else keep.fetch(self.source,
                                                                            source_index)
        return dict(source=source, target=self.target[target_index])


@DATA_SAMPLERS.register_module()
class DomainPairSampler(Sampler):
    """Infinite ``(source_index, target_index)`` pairs for :class:`DomainPairDataset`.

    Args:
        dataset: a :class:`DomainPairDataset`.
        shuffle: random permutations per pass (True) or ``0, 1, ...`` in order (False).
        seed: shared by all ranks; ``None`` draws one and broadcasts it
            (``mmengine.dist.sync_random_seed``).
    """

    def __init__(self, dataset: DomainPairDataset, shuffle: bool = True,
                 seed: Optional[int] = None):
        if not isinstance(dataset, DomainPairDataset):
            raise TypeError(f'DomainPairSampler needs a DomainPairDataset, got '
                            f'{type(dataset).__name__}; for a single dataset use InfiniteSampler.')
        self.rank, self.world_size = get_dist_info()
        self.shuffle = shuffle
        self.seed = sync_random_seed() if seed is None else seed
        self.sizes = (len(dataset.source), len(dataset.target))
        if min(self.sizes) == 0:
            raise ValueError(f'DomainPairSampler: empty dataset (source, target sizes '
                             f'{self.sizes}).')
        self.start_at(0)

    def _stream(self, size: int, seed_sequence: np.random.SeedSequence) -> Iterator[int]:
        """``0 .. size-1`` forever: a fresh permutation per pass, or in order without shuffle."""
        rng = np.random.default_rng(seed_sequence)
        while True:
            yield from (rng.permutation(size) if self.shuffle else range(size))

    def _all_pairs(self) -> Iterator[Tuple[int, int]]:
        source_seed, target_seed = np.random.SeedSequence(self.seed).spawn(2)
        for i, j in zip(self._stream(self.sizes[0], source_seed),
                        self._stream(self.sizes[1], target_seed)):
            yield int(i), int(j)

    def start_at(self, position: int) -> None:
        """Make the next pairs this rank's ``position``-th, ``position + 1``-th, ... pairs of
        the stream. Only indices are generated for the skipped pairs (no sample is loaded).
        """
        if not isinstance(position, int) or position < 0:
            raise ValueError(f'DomainPairSampler.start_at: position must be an int >= 0, got '
                             f'{position!r}.')
        first = self.rank + position * self.world_size
        self.pairs = itertools.islice(self._all_pairs(), first, None, self.world_size)

    def __iter__(self) -> Iterator[Tuple[int, int]]:
        yield from self.pairs

    def __len__(self) -> int:
        return self.sizes[0]

    def set_epoch(self, epoch: int) -> None:
        """Unused: the stream is infinite (as mmengine's InfiniteSampler)."""
