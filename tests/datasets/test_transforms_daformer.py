"""DAFormer's training transforms: the class-ratio rule of the crop on a hand-made label, the
rescale range, the photometric distortion's formulas and that it leaves the label alone, and
the DAFormer GTA5 pipeline end to end."""
import numpy as np
import pytest

from segda.apis.config import read_config
from segda.datasets.transforms_daformer import (
    CatMaxRatioCrop,
    PhotoMetricDistortion,
    RandomRescale,
)
from segda.registry import TRANSFORMS

from helpers.cli import REPO

IGNORE = 255


def column_sample():
    """A 2 x 10 sample whose image stores each pixel's column index, and whose label is

        columns 0-3: class 1,  4-5: class 2,  6-9: ignore

    For 4-wide windows at left offsets 0..6, the labelled-pixel shares of the largest class
    are 1, 3/4, 1/2, 2/3, 1 (class 2 alone, ignore not counted), 1, - : with
    cat_max_ratio = 0.75 only offsets 2 and 3 pass (offset 4 would too if ignore counted).
    """
    label = np.full((2, 10), IGNORE, np.uint8)
    label[:, :4], label[:, 4:6] = 1, 2
    image = np.repeat(np.arange(10, dtype=np.uint8)[None, :, None], 2, 0).repeat(3, 2)
    return dict(img=image, gt_seg=label, img_shape=(2, 10))


def crop_offsets(max_tries, draws=200):
    crop = CatMaxRatioCrop(size=(4, 2), cat_max_ratio=0.75, max_tries=max_tries)
    np.random.seed(0)
    offsets = []
    for _ in range(draws):
        out = crop(column_sample())
        offset = int(out['img'][0, 0, 0])
        assert out['img'].shape == (2, 4, 3) and out['gt_seg'].shape == (2, 4)
        assert out['img_shape'] == (2, 4)
        window = column_sample()['gt_seg'][:, offset:offset + 4]
        np.testing.assert_array_equal(out['gt_seg'], window)
        offsets.append(offset)
    return offsets


def test_crop_keeps_only_windows_no_class_dominates_ignoring_unlabelled_pixels():
    # 100 redraws: the chance of 100 rejections in a row is (5/7)^100, about 1e-15.
    assert set(crop_offsets(max_tries=100)) == {2, 3}


def test_without_tries_the_window_is_uniform_and_after_the_last_try_it_is_kept():
    assert set(crop_offsets(max_tries=0)) == set(range(7))
    # mmseg's 10 tries: after 10 rejections the 11th window is kept unchecked, (5/7)^10 = 3.5%.
    offsets = crop_offsets(max_tries=10, draws=400)
    rejected = sum(offset not in (2, 3) for offset in offsets)
    assert 0 < rejected < 0.1 * len(offsets)


def test_a_small_image_is_padded_with_ignore_before_cropping():
    sample = dict(img=np.full((3, 5, 3), 7, np.uint8), gt_seg=np.ones((3, 5), np.uint8),
                  img_shape=(3, 5))
    out = CatMaxRatioCrop(size=(8, 4))(sample)
    assert out['img'].shape == (4, 8, 3)
    assert (out['gt_seg'][3:] == IGNORE).all() and (out['gt_seg'][:, 5:] == IGNORE).all()
    assert (out['gt_seg'][:3, :5] == 1).all() and (out['img'][:3, :5] == 7).all()


def test_rescale_factors_cover_the_range_and_keep_the_aspect_ratio():
    rescale = RandomRescale(ratio_range=(0.5, 2.0))
    np.random.seed(0)
    ratios = []
    for _ in range(200):
        sample = dict(img=np.zeros((40, 80, 3), np.uint8), gt_seg=np.zeros((40, 80), np.uint8))
        out = rescale(sample)
        height, width = out['img'].shape[:2]
        assert out['gt_seg'].shape == (height, width) and out['img_shape'] == (height, width)
        assert abs(width - 2 * height) <= 2  # one factor for both sides
        ratios.append(width / 80)
    assert 0.5 - 1 / 80 <= min(ratios) < 0.6 and 1.9 < max(ratios) <= 2.0 + 1 / 80
    assert 0.25 < np.mean([r < 1 for r in ratios]) < 0.42  # r ~ U(0.5, 2): P(r < 1) = 1/3
    with pytest.raises(ValueError, match='ratio_range'):
        RandomRescale(ratio_range=(2.0, 0.5))


def test_rescale_keeps_label_values():
    label = np.zeros((20, 20), np.uint8)
    label[:, 10:] = 7
    np.random.seed(1)
    out = RandomRescale()(dict(img=np.zeros((20, 20, 3), np.uint8), gt_seg=label))
    assert set(np.unique(out['gt_seg'])) == {0, 7}  # nearest neighbour: no blended ids


def test_photometric_distortion_changes_the_image_within_its_bounds_only():
    rng = np.random.default_rng(0)
    image = rng.integers(40, 200, (16, 16, 3), dtype=np.uint8)
    label = rng.integers(0, 19, (16, 16), dtype=np.uint8)
    distort = PhotoMetricDistortion()
    np.random.seed(0)
    changed = 0
    for _ in range(20):
        out = distort(dict(img=image.copy(), gt_seg=label.copy()))
        assert out['img'].dtype == np.uint8 and out['img'].shape == image.shape
        np.testing.assert_array_equal(out['gt_seg'], label)
        changed += not np.array_equal(out['img'], image)
    assert changed >= 15  # each of 4 steps with probability 1/2: unchanged w.p. 1/16


def test_brightness_and_contrast_are_clipped_affine_maps():
    distort = PhotoMetricDistortion()
    image = np.array([[[0, 100, 250]]], np.uint8)
    np.testing.assert_array_equal(distort.convert(image, beta=10.4), [[[10, 110, 255]]])
    np.testing.assert_array_equal(distort.convert(image, alpha=1.5), [[[0, 150, 255]]])


def test_the_daformer_gta5_pipeline_gives_512_crops():
    cfg = read_config(REPO / 'configs/_base_/datasets/gta5_daformer.py')
    transforms = [TRANSFORMS.build(t) for t in cfg.train_pipeline[2:-1]]  # after the loaders
    rng = np.random.default_rng(0)
    label = rng.integers(0, 19, (90, 160), dtype=np.uint8)
    sample = dict(img=rng.integers(0, 256, (90, 160, 3), dtype=np.uint8), gt_seg=label,
                  img_shape=(90, 160))
    np.random.seed(0)
    for transform in transforms:
        sample = transform(sample)
    assert sample['img'].shape == (512, 512, 3) and sample['gt_seg'].shape == (512, 512)
