"""DomainPairDataset, DomainPairSampler and seg_collate."""
import itertools

import pytest
import torch
from mmengine.registry import DefaultScope
from mmengine.runner import Runner

import segda.datasets.domain_pair as domain_pair_module
from segda.datasets import (
    DomainPairDataset,
    DomainPairSampler,
    GTA5Dataset,
    PackSegInputs,
    seg_collate,
)

from helpers.data_files import make_cityscapes, make_gta5

TRAIN = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='RandomCrop', size=(16, 8)),
         dict(type='PackSegInputs')]
UNLABELLED = [dict(type='LoadImage'), dict(type='RandomCrop', size=(16, 8)),
              dict(type='PackSegInputs')]


def pair_configs(root):
    make_gta5(root / 'gta5', num=6, size=(12, 20))
    make_cityscapes(root / 'cityscapes', split='train')
    return (dict(type='GTA5Dataset', data_root=str(root / 'gta5'), pipeline=TRAIN),
            dict(type='CityscapesDataset', data_root=str(root / 'cityscapes'), pipeline=UNLABELLED))


def first_pairs(sampler, count):
    return list(itertools.islice(iter(sampler), count))


def test_pair_sample_has_a_labelled_source_and_an_unlabelled_target(tmp_path):
    source, target = pair_configs(tmp_path)
    dataset = DomainPairDataset(source=source, target=target)
    assert len(dataset) == 6 and dataset.target.with_labels is False
    sample = dataset[(1, 3)]
    assert sample['source']['data_samples']['gt_seg'].shape == (8, 16)
    assert 'gt_seg' not in sample['target']['data_samples']
    assert 'seg_path' not in sample['target']['data_samples']
    target_path = sample['target']['data_samples']['img_path']
    assert target_path.endswith('bonn_000001_000019_leftImg8bit.png')
    with pytest.raises(TypeError, match='DomainPairSampler'):
        dataset[0]


def test_target_with_labels_is_refused_at_construction(tmp_path):
    source, target = pair_configs(tmp_path)
    with pytest.raises(ValueError, match='target pipeline contains LoadLabel'):
        DomainPairDataset(source=source, target=dict(target, pipeline=TRAIN))
    labelled = GTA5Dataset(str(tmp_path / 'gta5'))
    with pytest.raises(ValueError, match='with_labels=True'):
        DomainPairDataset(source=source, target=labelled)


def test_every_source_index_once_per_pass_and_targets_not_tied_to_sources():
    dataset = DomainPairDataset(source=list(range(10)), target=list(range(7)))
    pairs = first_pairs(DomainPairSampler(dataset, seed=3), 10 * 7)
    sources, targets = [s for s, _ in pairs], [t for _, t in pairs]
    for start in range(0, 70, 10):
        assert sorted(sources[start:start + 10]) == list(range(10))
    for start in range(0, 70, 7):
        assert sorted(targets[start:start + 7]) == list(range(7))
    partners = {s: {t for s2, t in pairs if s2 == s} for s in range(10)}
    assert all(len(ts) > 1 for ts in partners.values())
    assert sources[:10] != list(range(10)) and sources[:10] != sources[10:20]


def test_ranks_get_disjoint_shards_of_each_pass(monkeypatch):
    dataset = DomainPairDataset(source=list(range(10)), target=list(range(4)))
    shards = []
    for rank in (0, 1):
        monkeypatch.setattr(domain_pair_module, 'get_dist_info', lambda rank=rank: (rank, 2))
        shards.append(first_pairs(DomainPairSampler(dataset, seed=5), 5))
    sources = [{s for s, _ in shard} for shard in shards]
    assert not sources[0] & sources[1] and sources[0] | sources[1] == set(range(10))


def test_seed_determinism_and_unshuffled_order():
    dataset = DomainPairDataset(source=list(range(9)), target=list(range(5)))
    assert first_pairs(DomainPairSampler(dataset, seed=1), 30) == \
        first_pairs(DomainPairSampler(dataset, seed=1), 30)
    assert first_pairs(DomainPairSampler(dataset, seed=1), 30) != \
        first_pairs(DomainPairSampler(dataset, seed=2), 30)
    assert isinstance(DomainPairSampler(dataset).seed, int)
    ordered = first_pairs(DomainPairSampler(dataset, shuffle=False, seed=0), 10)
    assert ordered == [(i % 9, i % 5) for i in range(10)]
    with pytest.raises(TypeError, match='DomainPairDataset'):
        DomainPairSampler(list(range(3)))


def test_collate_stacks_equal_sizes_and_lists_different_ones():
    pack = PackSegInputs()
    samples = [pack(dict(img=torch.zeros(h, w, 3, dtype=torch.uint8).numpy(), img_path=f'{k}.png',
                         ori_shape=(h, w), img_shape=(h, w)))
               for k, (h, w) in enumerate([(4, 6), (4, 6), (5, 6)])]
    batch = seg_collate(samples[:2])
    assert batch['inputs'].shape == (2, 3, 4, 6) and batch['inputs'].dtype == torch.uint8
    assert [s['img_path'] for s in batch['data_samples']] == ['0.png', '1.png']
    ragged = seg_collate(samples)
    assert isinstance(ragged['inputs'], list)
    assert [x.shape[1] for x in ragged['inputs']] == [4, 4, 5]
    pair = seg_collate([dict(source=samples[0], target=samples[2])] * 3)
    assert pair['source']['inputs'].shape == (3, 3, 4, 6)
    assert pair['target']['inputs'].shape == (3, 3, 5, 6)
    assert len(pair['target']['data_samples']) == 3
    with pytest.raises(KeyError, match='PackSegInputs'):
        seg_collate([dict(img=1)])


def test_runner_builds_a_pair_dataloader_from_config(tmp_path):
    source, target = pair_configs(tmp_path)
    with DefaultScope.overwrite_default_scope('segda'):
        loader = Runner.build_dataloader(
            dict(batch_size=4, num_workers=0, sampler=dict(type='DomainPairSampler', shuffle=True),
                 collate_fn=dict(type='segda.seg_collate'),  # the Runner looks it up unscoped
                 dataset=dict(type='DomainPairDataset', source=source, target=target)), seed=0)
    batch = next(iter(loader))
    assert batch['source']['inputs'].shape == (4, 3, 8, 16)
    assert batch['source']['data_samples'][0]['gt_seg'].shape == (8, 16)
    assert batch['target']['inputs'].shape == (4, 3, 8, 16)
    assert 'gt_seg' not in batch['target']['data_samples'][0]


@pytest.mark.parametrize('world_size', [1, 2])
def test_start_at_continues_the_stream_of_each_rank(world_size, monkeypatch):
    """A resumed run restarts the sampler at its k-th pair: the same pairs follow as in an
    uninterrupted run, whatever the sampler had already yielded."""
    dataset = DomainPairDataset(source=list(range(7)), target=list(range(4)))
    for rank in range(world_size):
        monkeypatch.setattr(domain_pair_module, 'get_dist_info',
                            lambda rank=rank: (rank, world_size))
        uninterrupted = first_pairs(DomainPairSampler(dataset, seed=4), 40)
        resumed = DomainPairSampler(dataset, seed=4)
        first_pairs(resumed, 3)  # e.g. prefetched by dataloader workers before the resume
        resumed.start_at(17)
        assert first_pairs(resumed, 23) == uninterrupted[17:]
    with pytest.raises(ValueError, match='position'):
        resumed.start_at(-1)
