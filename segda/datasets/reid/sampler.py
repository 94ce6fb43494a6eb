"""P identities x K images per batch, so that every batch has positive pairs.

The binomial deviance (DANN JMLR Sec. 5.3.2) averages over the positive pairs of a batch;
a batch drawn uniformly from VIPeR (one image per camera) would almost never hold two
images of one person. :func:`pk_batches` draws, forever, batches of ``P * K`` dataset
indices: per pass over the identities a fresh random permutation of them, cut into
blocks of P (a last block of fewer than P identities waits for the next pass, whose
permutation is new, so no identity is left out systematically), and for every identity of
a block K of its images without replacement (a fresh draw each time). Batch b is

    [i(b, 1, 1), ..., i(b, 1, K), i(b, 2, 1), ..., i(b, P, K)]      (identity-major)

Interface for other samplers (e.g. the source stream of a domain pair): ``pk_batches``
and :func:`pk_indices` take the identity of every dataset index (``person_ids``, a
sequence of ints) and a seed (an int or a ``numpy.random.SeedSequence``), and yield index
lists / indices. A consumer must keep the ``P * K`` consecutive indices of a batch
together: its batch size is ``P * K`` and, on several ranks, it deals out whole batches.

:class:`PKSampler` (registered in ``DATA_SAMPLERS``) samples one labelled re-ID dataset:
rank r takes batches r, r + W, r + 2W, ... of the shared stream. Use it with
``batch_size = num_identities * num_instances`` (128 in the paper: 64 x 2).
"""
import itertools
from collections import defaultdict
from typing import Dict, Iterator, List, Optional, Sequence, Union

import numpy as np
from mmengine.dist import get_dist_info, sync_random_seed
from torch.utils.data import Sampler

from segda.registry import DATA_SAMPLERS
from segda.utils import check_positive_int

Seed = Union[int, np.random.SeedSequence]


def group_by_identity(person_ids: Sequence[int]) -> Dict[int, List[int]]:
    """``{identity: [its dataset indices]}``."""
    groups = defaultdict(list)
    for index, person in enumerate(person_ids):
        groups[int(person)].append(index)
    return dict(groups)


def check_pk(groups: Dict[int, List[int]], num_identities: int, num_instances: int,
             owner: str = 'pk_batches') -> None:
    """Raise ValueError when P < 2 (a batch of one person has no negative pair for the
    binomial deviance), when fewer than P identities exist, or (K > 1) when an identity has
    fewer than K images, naming the numbers and the first such identities."""
    check_positive_int(owner, 'num_identities', num_identities)
    check_positive_int(owner, 'num_instances', num_instances)
    if num_identities < 2:
        raise ValueError(f'{owner}: num_identities={num_identities}, but a batch needs at least '
                         '2 identities: with one person it has no negative pairs (images of '
                         'different people) for the binomial deviance; set num_identities >= 2.')
    if len(groups) < num_identities:
        raise ValueError(f'{owner}: a batch needs num_identities={num_identities} identities, '
                         f'the dataset has {len(groups)}; lower num_identities.')
    short = sorted((person, len(indices)) for person, indices in groups.items()
                   if len(indices) < num_instances)
    if short and num_instances > 1:
        shown = ', '.join(f'identity {person} has {count}' for person, count in short[:5])
        raise ValueError(f'{owner}: num_instances={num_instances} images per identity are asked '
                         f'for, but {len(short)} identities have fewer ({shown}); lower '
                         'num_instances or drop those identities from the dataset.')


def pk_batches(person_ids: Sequence[int], num_identities: int, num_instances: int,
               seed: Seed) -> Iterator[List[int]]:
    """Infinite batches of ``num_identities * num_instances`` indices (module docstring)."""
    groups = group_by_identity(person_ids)
    check_pk(groups, num_identities, num_instances)
    identities = np.array(sorted(groups))
    rng = np.random.default_rng(seed)
    while True:
        order = rng.permutation(identities)
        for start in range(0, len(order) - num_identities + 1, num_identities):
            batch = []
            for person in order[start:start + num_identities]:
                batch += rng.choice(groups[int(person)], num_instances, replace=False).tolist()
            yield batch


def pk_indices(person_ids: Sequence[int], num_identities: int, num_instances: int,
               seed: Seed) -> Iterator[int]:
    """:func:`pk_batches` flattened: every ``P * K`` consecutive indices are one batch."""
    for batch in pk_batches(person_ids, num_identities, num_instances, seed):
        yield from batch


@DATA_SAMPLERS.register_module()
class PKSampler(Sampler):
    """Infinite P x K index stream over a labelled re-ID dataset (module docstring).

    Args:
        dataset: a dataset whose data infos (``get_data_info(i)``) hold ``person_id``.
        num_identities: P.
        num_instances: K.
        seed: shared by all ranks; ``None`` draws one and broadcasts it.
    """

    def __init__(self, dataset, num_identities: int = 64, num_instances: int = 2,
                 seed: Optional[int] = None):
        infos = [dataset.get_data_info(i) for i in range(len(dataset))]
        if any('person_id' not in info for info in infos):
            raise KeyError('PKSampler needs the identity (`person_id`) of every sample: sample a '
                           'labelled re-ID dataset (with_labels=True).')
        self.person_ids = [info['person_id'] for info in infos]
        check_pk(group_by_identity(self.person_ids), num_identities, num_instances, 'PKSampler')
        self.num_identities, self.num_instances = num_identities, num_instances
        self.batch_size = num_identities * num_instances
        self.rank, self.world_size = get_dist_info()
        self.seed = sync_random_seed() if seed is None else seed
        self.start_at(0)

    def _rank_indices(self) -> Iterator[int]:
        batches = pk_batches(self.person_ids, self.num_identities, self.num_instances, self.seed)
        for batch in itertools.islice(batches, self.rank, None, self.world_size):
            yield from batch

    def start_at(self, position: int) -> None:
        """Make the next indices this rank's ``position``-th, ``position + 1``-th, ... (used
        by the resumable loop; only indices are generated for the skipped ones)."""
        if not isinstance(position, int) or position < 0:
            raise ValueError(f'PKSampler.start_at: position must be an int >= 0, got '
                             f'{position!r}.')
        self.indices = itertools.islice(self._rank_indices(), position, None)

    def __iter__(self) -> Iterator[int]:
        yield from self.indices

    def __len__(self) -> int:
        return len(self.person_ids)

    def set_epoch(self, epoch: int) -> None:
        """Unused: the stream is infinite (as mmengine's InfiniteSampler)."""
