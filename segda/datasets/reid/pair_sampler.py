"""``PKDomainPairSampler``: domain pairs whose source stream is P identities x K images.

A re-ID source batch needs positive pairs for the binomial deviance (``sampler.py``), so
the source indices come from :func:`pk_indices` (the source dataset's ``person_id`` of
every sample), the target indices, unlabelled, from a fresh random permutation per pass
(as ``DomainPairSampler``). Pair k of the joint stream is

    (pk_indices(source)[k], target_stream[k])

and batch b (pairs ``b * P * K .. (b + 1) * P * K - 1``) goes whole to rank
``b mod world_size``, so no rank cuts a P x K block. Use it with
``batch_size = num_identities * num_instances`` (the paper: 64 x 2 = 128 source and 128
target images per iteration).
"""
import itertools
from typing import Iterator, Optional, Tuple

import numpy as np

from segda.datasets.domain_pair import DomainPairDataset, DomainPairSampler
from segda.registry import DATA_SAMPLERS

from .sampler import check_pk, group_by_identity, pk_indices


@DATA_SAMPLERS.register_module()
class PKDomainPairSampler(DomainPairSampler):
    """Infinite ``(source_index, target_index)`` pairs, the source P x K (module docstring).

    Args:
        dataset: a :class:`DomainPairDataset` whose source is a labelled re-ID dataset.
        num_identities: P.
        num_instances: K.
        seed: shared by all ranks; ``None`` draws one and broadcasts it.
    """

    def __init__(self, dataset: DomainPairDataset, num_identities: int = 64,
                 num_instances: int = 2, seed: Optional[int] = None):
        if not isinstance(dataset, DomainPairDataset):
            raise TypeError(f'PKDomainPairSampler needs a DomainPairDataset, got '
                            f'{type(dataset).__name__}; for one re-ID dataset use PKSampler.')
        source = dataset.source
        infos = [source.get_data_info(i) for i in range(len(source))]
        if any('person_id' not in info for info in infos):
            raise KeyError('PKDomainPairSampler needs the identity (`person_id`) of every '
                           'source sample: the source must be a labelled re-ID dataset.')
        self.person_ids = [info['person_id'] for info in infos]
        check_pk(group_by_identity(self.person_ids), num_identities, num_instances,
                 'PKDomainPairSampler (source)')
        self.num_identities, self.num_instances = num_identities, num_instances
        self.batch_size = num_identities * num_instances
        super().__init__(dataset, shuffle=True, seed=seed)

    def _all_pairs(self) -> Iterator[Tuple[int, int]]:
        source_seed, target_seed = np.random.SeedSequence(self.seed).spawn(2)
        source = pk_indices(self.person_ids, self.num_identities, self.num_instances,
                            source_seed)
        for i, j in zip(source, self._stream(self.sizes[1], target_seed)):
            yield int(i), int(j)

    def _rank_pairs(self) -> Iterator[Tuple[int, int]]:
        """This rank's pairs: whole batches ``rank, rank + W, ...`` of the joint stream."""
        pairs = self._all_pairs()
        while True:
            for rank in range(self.world_size):
                batch = list(itertools.islice(pairs, self.batch_size))
                if rank == self.rank:
                    yield from batch

    def start_at(self, position: int) -> None:
        """Make the next pairs this rank's ``position``-th, ``position + 1``-th, ... pairs."""
        if not isinstance(position, int) or position < 0:
            raise ValueError(f'PKDomainPairSampler.start_at: position must be an int >= 0, '
                             f'got {position!r}.')
        self.pairs = itertools.islice(self._rank_pairs(), position, None)
