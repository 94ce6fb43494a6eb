"""SynthiaDataset on tiny SYNTHIA-RAND-CITYSCAPES folders: 16-bit RGB labels whose class id
is in the file's first channel (written byte by byte in ``helpers.data_files``)."""
import os.path as osp

import cv2
import numpy as np
import pytest

from segda.apis.config import read_config
from segda.datasets import CLASSES, SynthiaDataset, read_synthia_ids, write_split_file
from segda.datasets.synthia_labels import SYNTHIA_13_CLASSES, SYNTHIA_16_CLASSES
from segda.registry import DATASETS, METRICS, TRANSFORMS

from helpers.cli import REPO
from helpers.data_files import (
    SYNTHIA_EXPECTED_TRAIN_ID,
    coordinate_image,
    make_cityscapes,
    make_synthia,
    synthia_ids,
    synthia_train_ids,
    write_grey,
    write_rgb,
    write_synthia_label,
)

LOAD_ALL = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='PackSegInputs')]
# Every id of SYNTHIA's table, then ids past it (one past 255, where a uint8 cast would wrap).
EVERY_ID = np.array([list(range(23)) + [23, 40, 256 + 3, 65535]], dtype=np.uint16)


def gt_seg(dataset, idx=0):
    return dataset[idx]['data_samples']['gt_seg'].numpy()


def test_every_synthia_id_maps_to_its_cityscapes_train_id(tmp_path):
    write_rgb(str(tmp_path / 'RGB' / '0000000.png'), coordinate_image(1, EVERY_ID.shape[1]))
    write_synthia_label(str(tmp_path / 'GT' / 'LABELS' / '0000000.png'), EVERY_ID)
    dataset = DATASETS.build(dict(type='SynthiaDataset', data_root=str(tmp_path),
                                  pipeline=LOAD_ALL))
    expected = [SYNTHIA_EXPECTED_TRAIN_ID[i] for i in range(23)] + [255] * 4
    assert gt_seg(dataset).tolist() == [expected]
    assert dataset.metainfo['classes'] == CLASSES  # pairs with Cityscapes
    # the three Cityscapes classes SYNTHIA has no pixel of, and the ignored ids, by hand
    assert {expected[16], expected[18], expected[20]} == {CLASSES.index(name) for name in
                                                          ('terrain', 'truck', 'train')}
    assert [expected[i] for i in (0, 13, 14, 22)] == [255] * 4


def test_the_class_id_is_read_from_the_files_first_channel(tmp_path):
    path = str(tmp_path / 'label.png')
    instances = np.full(EVERY_ID.shape, 3, dtype=np.uint16)  # id 3 (road) in the 2nd channel
    write_synthia_label(path, EVERY_ID, instances)
    ids = read_synthia_ids(path)
    assert ids.dtype == np.uint16
    np.testing.assert_array_equal(ids, EVERY_ID)
    # OpenCV returns the channels reversed: DAFormer's [:, :, -1] is the same channel
    np.testing.assert_array_equal(cv2.imread(path, cv2.IMREAD_UNCHANGED)[:, :, -1], EVERY_ID)


def test_images_and_labels_of_a_folder_load_in_the_cityscapes_label_space(tmp_path):
    stems = make_synthia(tmp_path, num=3, size=(12, 20))
    dataset = SynthiaDataset(str(tmp_path), pipeline=LOAD_ALL)
    assert len(dataset) == 3
    info = dataset.get_data_info(1)
    assert info['img_path'] == osp.join(str(tmp_path), 'RGB', f'{stems[1]}.png')
    assert info['seg_path'] == osp.join(str(tmp_path), 'GT', 'LABELS', f'{stems[1]}.png')
    sample = dataset[1]
    np.testing.assert_array_equal(sample['inputs'].permute(1, 2, 0).numpy(),
                                  coordinate_image(12, 20, tag=1))
    np.testing.assert_array_equal(gt_seg(dataset, 1), synthia_train_ids(synthia_ids(12, 20, 1)))


def test_class_statistics_count_train_ids_from_the_16_bit_labels(tmp_path):
    """Rare class sampling's per-image counts read SYNTHIA's id channel, as training does."""
    from segda.datasets.class_stats import sample_class_stats
    make_synthia(tmp_path, num=2, size=(12, 20))
    dataset = SynthiaDataset(str(tmp_path), pipeline=LOAD_ALL)
    counts = sample_class_stats(dataset, str(tmp_path / 'stats.json'))
    for index in range(2):
        expected = np.bincount(gt_seg(dataset, index).ravel(), minlength=256)[:len(CLASSES)]
        np.testing.assert_array_equal(counts[index], expected)
    assert counts.sum() > 0


def test_the_converters_train_ids_and_split_list_are_read(tmp_path):
    stems = make_synthia(tmp_path, num=3, size=(8, 8))
    for k, stem in enumerate(stems):
        write_grey(str(tmp_path / 'GT' / 'LABELS' / f'{stem}_labelTrainIds.png'),
                   synthia_train_ids(synthia_ids(8, 8, shift=k)))
    write_split_file(str(tmp_path / 'train.txt'), [stems[0], stems[2]])
    from_ids = SynthiaDataset(str(tmp_path), pipeline=LOAD_ALL)  # split_file='auto'
    from_train_ids = SynthiaDataset(str(tmp_path), pipeline=LOAD_ALL, label_format='trainIds')
    assert len(from_ids) == len(from_train_ids) == 2
    assert from_train_ids.get_data_info(1)['seg_path'].endswith(
        osp.join('GT', 'LABELS', f'{stems[2]}_labelTrainIds.png'))
    for k in range(2):
        np.testing.assert_array_equal(gt_seg(from_ids, k), gt_seg(from_train_ids, k))
    # the trainId files beside the originals are not taken for images or pairs of their own
    assert len(SynthiaDataset(str(tmp_path), split_file=None)) == 3


def test_missing_folders_and_files_are_named_with_the_layout(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"image folder not found: .*RGB'.*datasets\.md"):
        SynthiaDataset(str(tmp_path))
    (tmp_path / 'RGB').mkdir()
    with pytest.raises(FileNotFoundError, match=r"label folder not found: .*GT/LABELS'"):
        SynthiaDataset(str(tmp_path))
    make_synthia(tmp_path, num=2)
    (tmp_path / 'GT' / 'LABELS' / '0000001.png').unlink()
    with pytest.raises(FileNotFoundError, match=r'1 labels missing .*GT/LABELS/0000001\.png'):
        SynthiaDataset(str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r'labels missing .*0000000_labelTrainIds\.png'):
        SynthiaDataset(str(tmp_path), label_format='trainIds', split_file=None)


def test_a_label_that_is_not_16_bit_rgb_is_named(tmp_path):
    make_synthia(tmp_path, num=1, size=(6, 6))
    write_grey(str(tmp_path / 'GT' / 'LABELS' / '0000000.png'), np.zeros((6, 6), np.uint8))
    dataset = SynthiaDataset(str(tmp_path), pipeline=LOAD_ALL, test_mode=True)
    with pytest.raises(ValueError, match=r"0000000\.png' is uint8 with shape \(6, 6\).*3-channel"):
        dataset[0]


def test_the_reported_class_subsets_are_synthias_16_and_13():
    assert SYNTHIA_16_CLASSES == (
        'road', 'sidewalk', 'building', 'wall', 'fence', 'pole', 'traffic light',
        'traffic sign', 'vegetation', 'sky', 'person', 'rider', 'car', 'bus', 'motorcycle',
        'bicycle')
    assert set(SYNTHIA_16_CLASSES) - set(SYNTHIA_13_CLASSES) == {'wall', 'fence', 'pole'}
    # exactly the classes some SYNTHIA id maps to and that have pixels (not 16, 18, 20)
    present = {CLASSES[t] for i, t in SYNTHIA_EXPECTED_TRAIN_ID.items()
               if t != 255 and i not in (16, 18, 20)}
    assert present == set(SYNTHIA_16_CLASSES)
    cfg = read_config(REPO / 'configs/_base_/datasets/synthia_to_cityscapes.py')
    subsets = cfg.val_evaluator['class_subsets']
    assert tuple(subsets['mIoU16']) == SYNTHIA_16_CLASSES
    assert tuple(subsets['mIoU13']) == SYNTHIA_13_CLASSES


def test_the_base_config_pairs_512_crops_of_synthia_with_cityscapes(tmp_path):
    make_synthia(tmp_path / 'synthia', num=1, size=(76, 128))
    make_cityscapes(tmp_path / 'cityscapes', per_city=1)
    cfg = read_config(REPO / 'configs/_base_/datasets/synthia_to_cityscapes.py')
    pair = cfg.train_dataloader.dataset
    assert pair.source.type == 'SynthiaDataset' and pair.source.data_root == 'data/synthia'
    assert cfg.val_dataloader.dataset.type == 'CityscapesDataset'
    dataset = DATASETS.build(dict(
        pair, source=dict(pair.source, data_root=str(tmp_path / 'synthia')),
        target=dict(pair.target, data_root=str(tmp_path / 'cityscapes'))))
    np.random.seed(0)
    sample = dataset[0, 1]
    assert tuple(sample['source']['inputs'].shape) == (3, 512, 512)
    assert tuple(sample['target']['inputs'].shape) == (3, 512, 512)
    labels = set(np.unique(sample['source']['data_samples']['gt_seg'].numpy()))
    assert labels <= {0, 10, 13, 18, 255} and len(labels) > 2
    metric = METRICS.build(cfg.val_evaluator)  # its subsets are Cityscapes class names
    metric.dataset_meta = dataset.target.metainfo
    assert list(metric.class_subsets) == ['mIoU16', 'mIoU13']
    resize = TRANSFORMS.build(cfg.train_pipeline[2])
    assert resize(dict(img=np.zeros((76, 128, 3), np.uint8)))['img'].shape == (760, 1280, 3)
