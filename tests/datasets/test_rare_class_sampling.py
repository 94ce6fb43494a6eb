"""Rare class sampling: the class probabilities against hand computations, the min_pixels
rule, the drawn images and crops holding the drawn class, the stream contract of the pair
samplers (seed, ranks, resume), and the class statistics file computed once."""
import itertools
import json
import math

import numpy as np
import pytest
from mmengine.registry import DefaultScope
from mmengine.runner import Runner

import segda.datasets.class_stats as class_stats_module
import segda.datasets.rare_class_sampling as rcs_module
from segda.datasets import (
    CLASS_STATS_FILE,
    ClassInCrop,
    DomainPairDataset,
    GTA5Dataset,
    RareClassSampler,
    sample_class_stats,
)
from segda.datasets.rare_class_sampling import (
    class_frequencies,
    class_probabilities,
    images_with_class,
)

from helpers.data_files import coordinate_image, make_cityscapes, write_grey, write_rgb

ROAD, CAR, BICYCLE = 7, 26, 33  # label ids of train ids 0, 13, 18
SIZE = 20  # images are SIZE x SIZE: 400 pixels
# Per image: (label id, pixels) blocks in row-major order, road filling the rest.
BLOCKS = [[], [(CAR, 60)], [(BICYCLE, 30)], [(BICYCLE, 100)], [(CAR, 40)]]
# Train-id pixel counts: road, car (13), bicycle (18); 2000 pixels in all.
EXPECTED = {0: [400, 340, 370, 300, 360], 13: [0, 60, 0, 0, 40], 18: [0, 0, 30, 100, 0]}
MIN_PIXELS = 50  # car: image 1 only (40 <= 50); bicycle: image 3 only (30 <= 50)
TRAIN = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='RandomCrop', size=(10, 10)),
         dict(type='PackSegInputs')]
UNLABELLED = [dict(type='LoadImage'), dict(type='RandomCrop', size=(10, 10)),
              dict(type='PackSegInputs')]


def make_blocks_gta5(root):
    """GTA5-format folder of ``BLOCKS``: each class a block from the top-left corner."""
    for k, blocks in enumerate(BLOCKS):
        label = np.full(SIZE * SIZE, ROAD, np.uint8)
        start = 0
        for label_id, pixels in blocks:
            label[start:start + pixels] = label_id
            start += pixels
        write_rgb(str(root / 'images' / f'{k:05d}.png'), coordinate_image(SIZE, SIZE, tag=k))
        write_grey(str(root / 'labels' / f'{k:05d}.png'), label.reshape(SIZE, SIZE))


@pytest.fixture
def pair(tmp_path):
    make_blocks_gta5(tmp_path / 'gta5')
    make_cityscapes(tmp_path / 'cityscapes', split='train')
    return DomainPairDataset(
        source=dict(type='GTA5Dataset', data_root=str(tmp_path / 'gta5'), pipeline=TRAIN),
        target=dict(type='CityscapesDataset', data_root=str(tmp_path / 'cityscapes'),
                    pipeline=UNLABELLED))


def draws(sampler, count):
    return list(itertools.islice(iter(sampler), count))


def test_probabilities_match_the_hand_computation_at_both_temperatures():
    frequencies = [0.5, 0.3, 0.2]  # 1 - f = 0.5, 0.7, 0.8
    at_one = [math.exp(0.5), math.exp(0.7), math.exp(0.8)]
    np.testing.assert_allclose(class_probabilities(frequencies, 1.0),
                               [w / sum(at_one) for w in at_one], rtol=1e-12)
    # T = 0.01: exp(50), exp(70), exp(80); divided by exp(80): e^-30, e^-10, 1.
    at_hundredth = [math.exp(-30), math.exp(-10), 1.0]
    np.testing.assert_allclose(class_probabilities(frequencies, 0.01),
                               [w / sum(at_hundredth) for w in at_hundredth], rtol=1e-9)
    with pytest.raises(ValueError, match='temperature'):
        class_probabilities(frequencies, 0.0)


def test_frequencies_count_every_pixel_and_min_pixels_is_a_strict_bound():
    stats = np.array([[400, 0, 0], [340, 60, 0], [370, 0, 30], [300, 0, 100], [360, 40, 0]])
    np.testing.assert_allclose(class_frequencies(stats), [1770 / 2000, 100 / 2000, 130 / 2000])
    images = images_with_class(stats, MIN_PIXELS)
    assert [list(i) for i in images] == [[0, 1, 2, 3, 4], [1], [3]]
    assert [list(i) for i in images_with_class(stats, 60)] == [[0, 1, 2, 3, 4], [], [3]]


def test_sampler_probabilities_come_from_the_label_files(pair):
    sampler = RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS, seed=0)
    assert sampler.classes.tolist() == [0, 13, 18]
    weights = [math.exp(1 - 1770 / 2000), math.exp(1 - 100 / 2000), math.exp(1 - 130 / 2000)]
    np.testing.assert_allclose(sampler.probabilities, [w / sum(weights) for w in weights])
    assert [list(sampler.images[c]) for c in (0, 13, 18)] == [[0, 1, 2, 3, 4], [1], [3]]
    # At T = 0.01 road (f = 0.885) is all but never drawn: exp(-83.5) of car's weight.
    rare = RareClassSampler(pair, temperature=0.01, min_pixels=MIN_PIXELS, seed=0)
    np.testing.assert_allclose(rare.probabilities[1:] / rare.probabilities[1:].sum(),
                               [1 / (1 + math.exp(-1.5)), math.exp(-1.5) / (1 + math.exp(-1.5))])
    assert rare.probabilities[0] < 1e-30


def test_drawn_images_hold_the_drawn_class_and_draws_follow_p(pair):
    sampler = RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS, seed=1)
    stats = sample_class_stats(pair.source)
    triples = draws(sampler, 20000)
    for i, j, keep in triples:
        assert stats[i, keep.class_id] > MIN_PIXELS and 0 <= j < len(pair.target)
        assert keep.min_pixels == 0.5 * MIN_PIXELS
    drawn = np.array([keep.class_id for _, _, keep in triples])
    empirical = [np.mean(drawn == c) for c in sampler.classes]
    # Binomial standard deviation at 20000 draws: at most 0.0036.
    np.testing.assert_allclose(empirical, sampler.probabilities, atol=0.015)
    # Road is drawn for every image uniformly: each about 1/5 of the road draws.
    road_images = np.array([i for i, _, keep in triples if keep.class_id == 0])
    np.testing.assert_allclose(np.bincount(road_images, minlength=5) / len(road_images),
                               [0.2] * 5, atol=0.03)


def test_a_class_without_an_image_above_min_pixels_is_not_drawn(pair):
    sampler = RareClassSampler(pair, temperature=1.0, min_pixels=99, seed=0)
    assert sampler.classes.tolist() == [0, 18]  # car: 60 and 40 pixels at most
    assert {keep.class_id for _, _, keep in draws(sampler, 500)} == {0, 18}
    with pytest.raises(ValueError, match='min_pixels'):
        RareClassSampler(pair, min_pixels=400)


def test_same_seed_same_stream_and_no_redraw_without_min_crop_ratio(pair):
    first = draws(RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS, seed=3), 300)
    assert first == draws(RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS,
                                           seed=3), 300)
    assert first != draws(RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS,
                                           seed=4), 300)
    targets = [j for _, j, _ in first]
    for start in range(0, 300 - 4, 4):  # the target stream: a permutation per pass
        assert sorted(targets[start:start + 4]) == [0, 1, 2, 3]
    plain = RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS, min_crop_ratio=0,
                             seed=3)
    assert [(i, j) for i, j, _ in draws(plain, 300)] == [(i, j) for i, j, _ in first]
    assert all(keep is None for _, _, keep in draws(plain, 10))


@pytest.mark.parametrize('world_size', [2, 3])
def test_ranks_stride_one_stream_and_start_at_resumes_each(pair, world_size, monkeypatch):
    joint = draws(RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS, seed=5),
                  60 * world_size)
    for rank in range(world_size):
        monkeypatch.setattr(rcs_module, 'get_dist_info', lambda rank=rank: (rank, world_size))
        monkeypatch.setattr('segda.datasets.domain_pair.get_dist_info',
                            lambda rank=rank: (rank, world_size))
        sampler = RareClassSampler(pair, temperature=1.0, min_pixels=MIN_PIXELS, seed=5)
        shard = draws(sampler, 60)
        assert shard == joint[rank::world_size]
        draws(sampler, 7)  # e.g. prefetched by dataloader workers before the resume
        sampler.start_at(25)
        assert draws(sampler, 35) == shard[25:]


def test_class_in_crop_fetches_again_until_the_class_is_kept():
    def sample(car_pixels):
        label = np.zeros(100, np.uint8)
        label[:car_pixels] = 13
        return dict(data_samples=dict(gt_seg=label.reshape(10, 10)))

    class Fetches:
        def __init__(self, car_pixels):
            self.car_pixels, self.calls = list(car_pixels), 0

        def __getitem__(self, index):
            self.calls += 1
            return sample(self.car_pixels.pop(0))

    source = Fetches([0, 5, 26, 3])
    kept = ClassInCrop(13, min_pixels=25).fetch(source, 0)
    assert int((kept['data_samples']['gt_seg'] == 13).sum()) == 26 and source.calls == 3
    source = Fetches([0, 25, 1, 2])  # 25 is not more than 25; after 2 tries the last is kept
    kept = ClassInCrop(13, min_pixels=25, max_tries=2).fetch(source, 0)
    assert int((kept['data_samples']['gt_seg'] == 13).sum()) == 1 and source.calls == 3


def test_the_pair_crop_keeps_the_drawn_class(pair):
    """Car covers the top 3 rows of image 1: a random 10 x 10 crop (top offset 0..10) holds
    more than 5 of its pixels 3 times in 11; with 10 redraws 1 - (8/11)^11 = 97 % of the
    time."""
    car = 13
    np.random.seed(0)
    kept = [pair[(1, 0, ClassInCrop(car, 5))]['source'] for _ in range(60)]
    plain = [pair[(1, 0)]['source'] for _ in range(60)]

    def share(samples):
        return np.mean([int((s['data_samples']['gt_seg'] == car).sum()) > 5 for s in samples])

    assert share(kept) > 0.9 and share(plain) < 0.6
    assert all(s['data_samples']['img_path'].endswith('00001.png') for s in kept)


def test_runner_builds_an_rcs_pair_dataloader(pair, tmp_path):
    with DefaultScope.overwrite_default_scope('segda'):
        loader = Runner.build_dataloader(
            dict(batch_size=4, num_workers=0, collate_fn=dict(type='segda.seg_collate'),
                 sampler=dict(type='RareClassSampler', temperature=0.01, min_pixels=MIN_PIXELS),
                 dataset=pair), seed=0)
    batch = next(iter(loader))
    assert batch['source']['inputs'].shape == (4, 3, 10, 10)
    assert {s['img_path'][-9:] for s in batch['source']['data_samples']} <= {'00001.png',
                                                                              '00003.png'}
    assert 'gt_seg' not in batch['target']['data_samples'][0]


def counting(monkeypatch):
    """Count the labels decoded by ``sample_class_stats``."""
    calls = []
    original = class_stats_module.count_class_pixels

    def count(seg_path, **kwargs):
        calls.append(seg_path)
        return original(seg_path, **kwargs)

    monkeypatch.setattr(class_stats_module, 'count_class_pixels', count)
    return calls


def test_stats_file_is_written_once_reused_and_completed(tmp_path, monkeypatch):
    root = tmp_path / 'gta5'
    make_blocks_gta5(root)
    calls = counting(monkeypatch)
    stats = sample_class_stats(GTA5Dataset(str(root)))
    for train_id, column in EXPECTED.items():
        assert stats[:, train_id].tolist() == column
    assert stats.sum() == 5 * SIZE * SIZE and len(calls) == 5
    written = json.loads((root / CLASS_STATS_FILE).read_text())
    assert written['samples']['images/00003.png'][18] == 100 and len(written['classes']) == 19
    # Another dataset instance: read back, nothing decoded.
    np.testing.assert_array_equal(sample_class_stats(GTA5Dataset(str(root))), stats)
    assert len(calls) == 5
    # A new image: only its label is counted, the file is rewritten with it.
    write_rgb(str(root / 'images' / '00005.png'), coordinate_image(SIZE, SIZE))
    write_grey(str(root / 'labels' / '00005.png'), np.full((SIZE, SIZE), CAR, np.uint8))
    grown = sample_class_stats(GTA5Dataset(str(root)))
    assert len(calls) == 6 and grown[5, 13] == SIZE * SIZE
    np.testing.assert_array_equal(grown[:5], stats)
    assert len(json.loads((root / CLASS_STATS_FILE).read_text())['samples']) == 6
    # A subset (split file): read from the file.
    (root / 'subset.txt').write_text('00001\n00003\n')
    subset = sample_class_stats(GTA5Dataset(str(root), split_file='subset.txt'))
    np.testing.assert_array_equal(subset, stats[[1, 3]])
    assert len(calls) == 6
    sample_class_stats(GTA5Dataset(str(root)), recompute=True)
    assert len(calls) == 12


def test_parallel_counts_equal_serial_ones_and_foreign_files_are_refused(tmp_path):
    root = tmp_path / 'gta5'
    make_blocks_gta5(root)
    serial = sample_class_stats(GTA5Dataset(str(root)), path=str(tmp_path / 'serial.json'))
    parallel = sample_class_stats(GTA5Dataset(str(root)), path=str(tmp_path / 'parallel.json'),
                                  nproc=2)
    np.testing.assert_array_equal(serial, parallel)
    daformer = [{'0': 400, 'file': 'labels/00000_labelTrainIds.png'}]
    (root / CLASS_STATS_FILE).write_text(json.dumps(daformer))
    with pytest.raises(ValueError, match='not a SegDA class statistics file'):
        sample_class_stats(GTA5Dataset(str(root)))
    with pytest.raises(ValueError, match='with_labels=False'):
        sample_class_stats(GTA5Dataset(str(root), with_labels=False))
