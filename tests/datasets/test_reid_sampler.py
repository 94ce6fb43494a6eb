"""P x K sampling: every batch P identities x K images each, the one-image error, disjoint
ranks; the domain-pair variant keeps P x K source blocks whole on each rank and resumes
exactly; the split-record hook finds the re-ID datasets of a pair."""
import itertools
from collections import Counter
from unittest import mock

import pytest

from segda.datasets.reid import PKDomainPairSampler, PKSampler, pk_batches
from segda.datasets.reid.split_record import reid_datasets

from helpers.reid_layouts import make_viper

# identities 0..5 with 2, 3, 2, 4, 2, 2 images
PERSON_IDS = [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5]


class Infos:
    """A dataset stand-in: ``get_data_info(i)`` holds ``person_id``."""

    def __init__(self, person_ids, labelled=True):
        self.person_ids, self.labelled = person_ids, labelled

    def __len__(self):
        return len(self.person_ids)

    def get_data_info(self, index):
        return dict(person_id=self.person_ids[index]) if self.labelled else {}


def test_every_batch_is_p_identities_by_k_images():
    for batch in itertools.islice(pk_batches(PERSON_IDS, 3, 2, seed=0), 20):
        people = [PERSON_IDS[i] for i in batch]
        assert len(batch) == 6 and len(set(batch)) == 6  # K images without replacement
        counts = Counter(people)
        assert len(counts) == 3 and set(counts.values()) == {2}
        assert people == sorted(people, key=people.index)  # identity-major blocks
    # over passes every identity is drawn (a fresh permutation per pass)
    seen = {PERSON_IDS[i] for b in itertools.islice(pk_batches(PERSON_IDS, 4, 2, 0), 12)
            for i in b}
    assert seen == set(range(6))


def test_one_image_identities_with_k_above_one_are_refused():
    with pytest.raises(ValueError, match=r'num_instances=2 .* 1 identities have fewer '
                                         r'\(identity 7 has 1\)'):
        PKSampler(Infos(PERSON_IDS + [7]), num_identities=2, num_instances=2, seed=0)
    PKSampler(Infos(PERSON_IDS + [7]), num_identities=2, num_instances=1, seed=0)  # K = 1 is fine
    with pytest.raises(ValueError, match='needs num_identities=7 identities, the dataset has 6'):
        PKSampler(Infos(PERSON_IDS), num_identities=7, num_instances=1, seed=0)
    with pytest.raises(KeyError, match='with_labels=True'):
        PKSampler(Infos(PERSON_IDS, labelled=False), num_identities=2, num_instances=2, seed=0)


def test_one_identity_per_batch_is_refused_no_negative_pairs():
    with pytest.raises(ValueError, match=r'PKSampler: num_identities=1, .* at least 2 identities'
                                         r'.*no negative pairs'):
        PKSampler(Infos(PERSON_IDS), num_identities=1, num_instances=2, seed=0)
    with pytest.raises(ValueError, match=r'pk_batches: num_identities=1'):
        next(pk_batches(PERSON_IDS, 1, 2, seed=0))


DIST_INFO = {PKSampler: 'segda.datasets.reid.sampler.get_dist_info',
             PKDomainPairSampler: 'segda.datasets.domain_pair.get_dist_info'}


def rank_stream(sampler_cls, dataset, rank, world, count):
    """The first ``count`` indices of rank ``rank`` of ``world``."""
    with mock.patch(DIST_INFO[sampler_cls], return_value=(rank, world)):
        sampler = sampler_cls(dataset, num_identities=2, num_instances=2, seed=3)
    return list(itertools.islice(iter(sampler), count))


def test_distributed_ranks_take_disjoint_whole_batches():
    dataset = Infos(PERSON_IDS)
    shared = [i for b in itertools.islice(pk_batches(PERSON_IDS, 2, 2, 3), 6) for i in b]
    ranks = [rank_stream(PKSampler, dataset, rank, 2, 12) for rank in (0, 1)]
    # rank r: batches r, r + 2, r + 4 of the shared stream (whole 4-index batches)
    assert ranks[0] == shared[0:4] + shared[8:12] + shared[16:20]
    assert ranks[1] == shared[4:8] + shared[12:16] + shared[20:24]


class Pair:
    def __init__(self, source, target_size):
        self.source, self.target = source, list(range(target_size))


@pytest.fixture
def pair():
    from segda.datasets.domain_pair import DomainPairDataset
    pair = DomainPairDataset.__new__(DomainPairDataset)
    pair.source, pair.target = Infos(PERSON_IDS), list(range(9))
    return pair


def test_pair_sampler_source_is_pk_and_ranks_keep_whole_batches(pair):
    single = rank_stream(PKDomainPairSampler, pair, 0, 1, 24)
    for start in range(0, 24, 4):
        people = Counter(PERSON_IDS[i] for i, _ in single[start:start + 4])
        assert len(people) == 2 and set(people.values()) == {2}
    assert all(0 <= j < 9 for _, j in single)
    ranks = [rank_stream(PKDomainPairSampler, pair, rank, 2, 8) for rank in (0, 1)]
    assert ranks[0] == single[0:4] + single[8:12] and ranks[1] == single[4:8] + single[12:16]


def test_pair_sampler_resumes_at_a_position(pair):
    sampler = PKDomainPairSampler(pair, num_identities=2, num_instances=2, seed=5)
    full = list(itertools.islice(iter(sampler), 20))
    sampler.start_at(8)
    assert list(itertools.islice(iter(sampler), 12)) == full[8:]
    with pytest.raises(TypeError, match='needs a DomainPairDataset'):
        PKDomainPairSampler(Infos(PERSON_IDS), seed=0)


def test_split_record_hook_finds_the_pair_datasets(tmp_path):
    from segda.datasets.reid import VIPeRDataset
    root = make_viper(tmp_path / 'viper')
    source = VIPeRDataset(str(root), num_train=4)
    target = VIPeRDataset(str(root), num_train=4, with_labels=False)
    assert reid_datasets(Pair(source, 3)) == [source]
    pair = Pair(source, 0)
    pair.target = target
    assert reid_datasets(pair) == [source, target] and reid_datasets(source) == [source]
