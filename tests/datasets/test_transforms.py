"""Joint image/label transforms keep the two aligned; packing; randomness follows np.random."""
from functools import partial

import numpy as np
import pytest
import torch
from mmengine.dataset import worker_init_fn
from torch.utils.data import DataLoader, Dataset

from segda.datasets import (
    LABEL_ID_TO_TRAIN_ID,
    ColorJitter,
    LoadImage,
    LoadLabel,
    PackSegInputs,
    PadIfNeeded,
    RandomCrop,
    RandomFlip,
    Resize,
)
from segda.registry import TRANSFORMS

from helpers.data_files import coordinate_image, expected_train_ids, label_ids, make_gta5


def coordinate_sample(height=20, width=30):
    """A sample whose label is a function of the pixel's x coordinate (asymmetric), so
    ``label == img_R mod 7`` holds wherever image and label are aligned."""
    img = coordinate_image(height, width)
    return dict(img=img, gt_seg=(img[..., 0] % 7).astype(np.uint8), img_path='x.png',
                ori_shape=(height, width), img_shape=(height, width))


def assert_aligned(results):
    img, gt = results['img'], results['gt_seg']
    assert img.shape[:2] == gt.shape == tuple(results['img_shape'])
    np.testing.assert_array_equal(gt, img[..., 0] % 7)


def test_flip_mirrors_image_and_label_together():
    original = coordinate_sample()
    out = RandomFlip(prob=1.0)(dict(original, img=original['img'].copy()))
    assert_aligned(out)
    np.testing.assert_array_equal(out['img'], original['img'][:, ::-1])
    kept = RandomFlip(prob=0.0)(coordinate_sample())
    np.testing.assert_array_equal(kept['img'], original['img'])


def test_random_crop_is_an_aligned_window_of_the_coordinate_image():
    np.random.seed(0)
    origins = set()
    for _ in range(10):
        out = RandomCrop(size=(12, 8))(coordinate_sample(20, 30))
        assert out['img'].shape == (8, 12, 3)
        assert_aligned(out)
        x0, y0 = int(out['img'][0, 0, 0]), int(out['img'][0, 0, 1])
        np.testing.assert_array_equal(out['img'], coordinate_image(20, 30)[y0:y0 + 8, x0:x0 + 12])
        origins.add((x0, y0))
    assert len(origins) > 1


def test_crop_larger_than_image_pads_image_with_0_and_label_with_255():
    out = RandomCrop(size=(40, 25))(coordinate_sample(20, 30))
    assert out['img'].shape == (25, 40, 3) and out['img_shape'] == (25, 40)
    np.testing.assert_array_equal(out['img'][:20, :30], coordinate_image(20, 30))
    assert (out['img'][20:] == 0).all() and (out['img'][:, 30:] == 0).all()
    assert (out['gt_seg'][20:] == 255).all() and (out['gt_seg'][:, 30:] == 255).all()
    assert (out['gt_seg'][:20, :30] < 7).all()


def test_pad_if_needed_pads_bottom_right_only_when_smaller():
    out = PadIfNeeded(size=(32, 24))(coordinate_sample(20, 30))
    assert out['img'].shape == (24, 32, 3)
    np.testing.assert_array_equal(out['gt_seg'][:20, :30], coordinate_sample(20, 30)['gt_seg'])
    assert (out['gt_seg'][20:] == 255).all() and (out['img'][:, 30:] == 0).all()
    assert PadIfNeeded(size=(8, 8))(coordinate_sample(20, 30))['img'].shape == (20, 30, 3)


def test_resize_keeps_label_on_the_image_stripes():
    stripes = np.repeat(np.arange(6, dtype=np.uint8), 4)[None].repeat(12, axis=0)  # 12 x 24
    img = np.repeat((stripes * 40)[..., None], 3, axis=-1)
    out = Resize(scale=(12, 6))(dict(img=img, gt_seg=stripes.copy(), img_path='x.png'))
    assert out['img'].shape == (6, 12, 3) and out['gt_seg'].shape == (6, 12)
    assert out['img_shape'] == (6, 12)
    np.testing.assert_array_equal(out['gt_seg'], out['img'][..., 0] // 40)
    two_values = np.where(stripes % 2 == 1, 200, 0).astype(np.uint8)
    odd = Resize(scale=(17, 7))(dict(img=img, gt_seg=two_values, img_path='x.png'))
    assert set(np.unique(odd['gt_seg'])) == {0, 200}  # nearest: no blended label values


def test_val_pipeline_resizes_image_but_keeps_full_resolution_label(tmp_path):
    make_gta5(tmp_path, num=1, size=(12, 20))
    results = dict(img_path=str(tmp_path / 'images' / '00000.png'),
                   seg_path=str(tmp_path / 'labels' / '00000.png'),
                   label_table=LABEL_ID_TO_TRAIN_ID)
    for transform in (LoadImage(), Resize(scale=(10, 6)), LoadLabel()):
        results = transform(results)
    assert results['img'].shape == (6, 10, 3) and results['img_shape'] == (6, 10)
    assert results['ori_shape'] == (12, 20)
    np.testing.assert_array_equal(results['gt_seg'], expected_train_ids(label_ids(12, 20)))


def test_load_label_resizes_a_flagged_label_to_the_image(tmp_path):
    make_gta5(tmp_path, num=1, size=(12, 20), label_sizes={'00000': (6, 10)})
    results = dict(img_path=str(tmp_path / 'images' / '00000.png'),
                   seg_path=str(tmp_path / 'labels' / '00000.png'), label_table=None,
                   label_size_mismatch=True)
    gt = LoadLabel()(results)['gt_seg']  # no LoadImage: the size comes from the header
    assert gt.shape == (12, 20)
    np.testing.assert_array_equal(gt[::2, ::2], label_ids(6, 10))


def test_color_jitter_changes_image_only_and_follows_numpy_seed():
    jitter = ColorJitter(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.2, prob=1.0)
    outputs = []
    for seed in (0, 0, 1):
        np.random.seed(seed)
        outputs.append(jitter(coordinate_sample()))
    assert_aligned(dict(outputs[0], img=coordinate_sample()['img']))
    np.testing.assert_array_equal(outputs[0]['img'], outputs[1]['img'])
    assert not np.array_equal(outputs[0]['img'], outputs[2]['img'])
    assert not np.array_equal(outputs[0]['img'], coordinate_sample()['img'])
    unchanged = ColorJitter(brightness=0.5, prob=0.0)(coordinate_sample())
    np.testing.assert_array_equal(unchanged['img'], coordinate_sample()['img'])


class CropSameImage(Dataset):
    """The same image cropped at random, four times."""

    crop = RandomCrop(size=(4, 4))

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return self.crop(coordinate_sample(30, 30))['img'][0, 0, :2].tolist()


def test_forked_workers_draw_different_reproducible_crops():
    def origins():
        loader = DataLoader(CropSameImage(), batch_size=None, num_workers=2,
                            worker_init_fn=partial(worker_init_fn, num_workers=2, rank=0, seed=7),
                            multiprocessing_context='fork')
        return [tuple(origin) for origin in loader]

    first = origins()
    assert first == origins()
    assert first[0] != first[1]  # worker 0 and worker 1 (round robin) do not share a state


def test_pack_seg_inputs_makes_contiguous_uint8_tensors():
    packed = PackSegInputs()(dict(coordinate_sample(5, 7), seg_path='y.png'))
    inputs, sample = packed['inputs'], packed['data_samples']
    assert inputs.dtype == torch.uint8 and inputs.shape == (3, 5, 7) and inputs.is_contiguous()
    assert torch.equal(inputs[0], torch.from_numpy(coordinate_image(5, 7)[..., 0]))
    assert sample['gt_seg'].dtype == torch.uint8 and sample['gt_seg'].shape == (5, 7)
    assert sample['seg_path'] == 'y.png' and sample['ori_shape'] == (5, 7)
    unlabelled = PackSegInputs()(dict(img=coordinate_image(5, 7), img_path='x.png',
                                      ori_shape=(5, 7), img_shape=(5, 7)))
    assert set(unlabelled['data_samples']) == {'img_path', 'ori_shape', 'img_shape'}


def test_registered_and_arguments_checked():
    assert isinstance(TRANSFORMS.build(dict(type='RandomCrop', size=(8, 8))), RandomCrop)
    with pytest.raises(ValueError, match=r'Resize scale.*\(width, height\)'):
        Resize(scale=(8,))
    with pytest.raises(ValueError, match='RandomFlip prob'):
        RandomFlip(prob=2)
