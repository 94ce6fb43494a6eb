"""GTA5 / Cityscapes datasets and image I/O on tiny folders written in tmp_path."""
import os.path as osp

import cv2
import numpy as np
import pytest
from PIL import Image

import segda.datasets.base as base_module
from segda.datasets import (
    CLASSES,
    LABEL_ID_TO_TRAIN_ID,
    CityscapesDataset,
    GTA5Dataset,
    image_size,
    read_image,
    read_label,
    write_split_file,
)
from segda.datasets.image_io import UnreadableImageError
from segda.datasets.transforms import LoadLabel, PackSegInputs
from segda.registry import DATASETS
from segda.utils import without_labels

from helpers.data_files import (
    coordinate_image,
    corrupt,
    expected_train_ids,
    label_ids,
    make_cityscapes,
    make_gta5,
    write_grey,
)

LOAD_ALL = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='PackSegInputs')]


@pytest.fixture
def log_calls(monkeypatch):
    """Every message the dataset layer logs with print_log."""
    messages = []
    monkeypatch.setattr(base_module, 'print_log', lambda msg, **kwargs: messages.append(msg))
    return messages


def test_gta5_label_ids_are_mapped_to_train_ids(tmp_path):
    stems = make_gta5(tmp_path, num=3, size=(12, 20))
    dataset = DATASETS.build(dict(type='GTA5Dataset', data_root=str(tmp_path), pipeline=LOAD_ALL))
    assert len(dataset) == 3 and dataset.metainfo['classes'] == CLASSES
    info = dataset.get_data_info(1)
    assert info['img_path'] == osp.join(str(tmp_path), 'images', f'{stems[1]}.png')
    assert info['seg_path'] == osp.join(str(tmp_path), 'labels', f'{stems[1]}.png')
    assert info['label_size_mismatch'] is False
    assert info['label_table'] is dataset.label_table  # shared, one per dataset
    np.testing.assert_array_equal(info['label_table'], LABEL_ID_TO_TRAIN_ID)
    sample = dataset[1]
    assert sample['inputs'].shape == (3, 12, 20)
    np.testing.assert_array_equal(sample['inputs'].permute(1, 2, 0).numpy(),
                                  coordinate_image(12, 20, tag=1))
    np.testing.assert_array_equal(sample['data_samples']['gt_seg'].numpy(),
                                  expected_train_ids(label_ids(12, 20, shift=1)))


def test_gta5_train_ids_folder_is_read_as_is(tmp_path):
    make_gta5(tmp_path, num=2, size=(8, 8))
    ids = label_ids(8, 8, shift=5)
    for stem in ('00000', '00001'):
        write_grey(osp.join(tmp_path, 'labels_trainids', f'{stem}.png'), expected_train_ids(ids))
    dataset = GTA5Dataset(str(tmp_path), pipeline=LOAD_ALL, label_format='trainIds')
    assert dataset.get_data_info(0)['seg_path'].endswith(osp.join('labels_trainids', '00000.png'))
    np.testing.assert_array_equal(dataset[0]['data_samples']['gt_seg'].numpy(),
                                  expected_train_ids(ids))


def test_palette_label_gives_indices_not_colours(tmp_path):
    ids = label_ids(6, 9)
    image = Image.fromarray(ids, mode='P')
    image.putpalette(np.random.default_rng(0).integers(0, 256, 768).tolist())
    image.save(tmp_path / 'label.png')
    np.testing.assert_array_equal(read_label(str(tmp_path / 'label.png')), ids)


@pytest.mark.parametrize('label_format', ['labelIds', 'trainIds'])
def test_cityscapes_both_label_formats(tmp_path, label_format):
    stems = make_cityscapes(tmp_path, split='val', formats=('labelIds', 'trainIds'))
    dataset = CityscapesDataset(str(tmp_path), split='val', pipeline=LOAD_ALL,
                                label_format=label_format, test_mode=True)
    assert len(dataset) == len(stems) == 4
    info = dataset.get_data_info(2)
    suffix = '_gtFine_labelIds.png' if label_format == 'labelIds' else '_gtFine_labelTrainIds.png'
    assert info['seg_path'] == osp.join(str(tmp_path), 'gtFine', 'val', stems[2] + suffix)
    assert info['img_path'].endswith(osp.join('leftImg8bit', 'val', 'bonn',
                                              'bonn_000000_000019_leftImg8bit.png'))
    gt = dataset[2]['data_samples']['gt_seg'].numpy()
    np.testing.assert_array_equal(gt, expected_train_ids(label_ids(16, 32, shift=2)))


def test_split_file_selects_and_orders_stems(tmp_path):
    stems = make_cityscapes(tmp_path, split='train')
    write_split_file(str(tmp_path / 'train.txt'), [stems[3], stems[0]])
    dataset = CityscapesDataset(str(tmp_path), split='train', split_file='train.txt')
    assert [dataset.get_data_info(i)['img_path'] for i in range(len(dataset))] == [
        osp.join(str(tmp_path), 'leftImg8bit', 'train', f'{s}_leftImg8bit.png')
        for s in (stems[3], stems[0])]


def test_split_file_errors_name_the_path(tmp_path):
    make_gta5(tmp_path, num=2)
    with pytest.raises(FileNotFoundError, match='nope.txt'):
        GTA5Dataset(str(tmp_path), split_file='nope.txt')
    write_split_file(str(tmp_path / 'train.txt'), ['00000', '00042'])
    with pytest.raises(FileNotFoundError, match='00042.png'):
        GTA5Dataset(str(tmp_path), split_file='train.txt')


def test_a_split_file_with_a_utf8_byte_order_mark_is_read(tmp_path):
    make_gta5(tmp_path, num=2)
    (tmp_path / 'train.txt').write_bytes('00001\n'.encode('utf-8-sig'))
    dataset = GTA5Dataset(str(tmp_path), split_file='train.txt')
    assert dataset.get_data_info(0)['img_path'] == osp.join(str(tmp_path), 'images', '00001.png')


def test_without_labels_no_seg_path_and_no_label_checks(tmp_path):
    make_gta5(tmp_path, num=2, label_sizes={'00001': (5, 5)})
    (tmp_path / 'labels' / '00000.png').unlink()
    dataset = GTA5Dataset(str(tmp_path), with_labels=False,
                          pipeline=[dict(type='LoadImage'), dict(type='PackSegInputs')])
    assert 'seg_path' not in dataset.get_data_info(0)
    assert set(dataset[0]['data_samples']) == {'img_path', 'ori_shape', 'img_shape'}
    dataset = GTA5Dataset(str(tmp_path), with_labels=False, pipeline=LOAD_ALL)
    with pytest.raises(ValueError, match='with_labels=False'):
        dataset[0]


def test_without_labels_strips_every_form_of_label_loading_from_a_copy(tmp_path):
    """One function strips labels: with_labels=False, LoadLabel gone however it is named
    (a name, a scoped name, a class, a built transform), the given config unchanged."""
    pipeline = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='segda.LoadLabel'),
                dict(type=LoadLabel), LoadLabel(), PackSegInputs()]
    dataset_cfg = dict(type='GTA5Dataset', data_root=str(tmp_path), pipeline=pipeline)
    unlabelled = without_labels(dataset_cfg)
    assert unlabelled['with_labels'] is False and unlabelled['data_root'] == str(tmp_path)
    assert unlabelled['pipeline'] == [pipeline[0], pipeline[-1]]
    assert len(pipeline) == 6 and 'with_labels' not in dataset_cfg
    assert without_labels(dict(type='TwoMoonsDataset')) == dict(type='TwoMoonsDataset',
                                                                with_labels=False)
    make_gta5(tmp_path, num=1)
    (tmp_path / 'labels' / '00000.png').unlink()
    sample = DATASETS.build(without_labels(dict(dataset_cfg, pipeline=LOAD_ALL)))[0]
    assert 'gt_seg' not in sample['data_samples']


def test_cityscapes_test_split_reads_images_without_labels(tmp_path):
    """The test split's labels are withheld: it lists its images with with_labels=False."""
    stems = make_cityscapes(tmp_path, split='test', formats=())
    dataset = CityscapesDataset(str(tmp_path), split='test', with_labels=False,
                                pipeline=[dict(type='LoadImage'), dict(type='PackSegInputs')])
    assert len(dataset) == len(stems)
    assert dataset.get_data_info(0)['img_path'].endswith('leftImg8bit.png')
    assert '/leftImg8bit/test/' in dataset.get_data_info(0)['img_path']


def test_size_mismatch_resize_flags_and_resizes_at_load(tmp_path, log_calls):
    make_gta5(tmp_path, num=5, size=(12, 16), label_sizes={'00002': (6, 8), '00004': (13, 16)})
    dataset = GTA5Dataset(str(tmp_path), pipeline=LOAD_ALL)
    assert len(dataset) == 5
    assert [dataset.get_data_info(i)['label_size_mismatch'] for i in range(5)] == [
        False, False, True, False, True]
    gt = dataset[2]['data_samples']['gt_seg'].numpy()
    assert gt.shape == (12, 16)
    np.testing.assert_array_equal(gt[::2, ::2], expected_train_ids(label_ids(6, 8, shift=2)))
    assert len(log_calls) == 1
    assert '2 of 5' in log_calls[0] and "'resize'" in log_calls[0] and '00002.png' in log_calls[0]
    dataset[4], dataset[2]
    assert len(log_calls) == 1


def test_size_mismatch_skip_drops_the_pair_and_logs_once(tmp_path, log_calls):
    make_gta5(tmp_path, num=3, label_sizes={'00001': (3, 3)})
    dataset = GTA5Dataset(str(tmp_path), size_mismatch='skip')
    assert [osp.basename(dataset.get_data_info(i)['img_path']) for i in range(len(dataset))] == [
        '00000.png', '00002.png']
    assert 'label_size_mismatch' not in dataset.get_data_info(0)
    assert len(log_calls) == 1 and '1 of 3' in log_calls[0] and "'skip'" in log_calls[0]


def test_size_mismatch_error_lists_the_files(tmp_path, log_calls):
    make_gta5(tmp_path, num=3, label_sizes={'00001': (3, 3)})
    with pytest.raises(ValueError, match=r"1 labels .*size_mismatch='error'.*00001\.png"):
        GTA5Dataset(str(tmp_path), size_mismatch='error')
    make_gta5(tmp_path, num=3)
    assert len(GTA5Dataset(str(tmp_path), size_mismatch='error')) == 3
    assert log_calls == []


def test_missing_root_split_folder_and_empty_folder_errors(tmp_path):
    missing = tmp_path / 'no_such_root'
    with pytest.raises(FileNotFoundError) as error:
        GTA5Dataset(str(missing))
    assert str(missing) in str(error.value) and 'docs/datasets.md' in str(error.value)
    assert 'tools/make_synthcity.py' in str(error.value)
    make_cityscapes(tmp_path, split='train')
    with pytest.raises(FileNotFoundError, match=r"leftImg8bit/val'.*docs/datasets\.md"):
        CityscapesDataset(str(tmp_path), split='val')
    (tmp_path / 'gta' / 'images').mkdir(parents=True)
    (tmp_path / 'gta' / 'labels').mkdir()
    with pytest.raises(FileNotFoundError, match=r"no \*\.png image in .*gta/images"):
        GTA5Dataset(str(tmp_path / 'gta'))


def test_image_without_label_is_named(tmp_path):
    make_cityscapes(tmp_path, split='train')
    label = tmp_path / 'gtFine' / 'train' / 'bonn' / 'bonn_000001_000019_gtFine_labelIds.png'
    label.unlink()
    with pytest.raises(FileNotFoundError, match='1 labels missing.*bonn_000001_000019_gtFine'):
        CityscapesDataset(str(tmp_path), split='train')


def test_corrupt_image_is_named_at_init_and_truncated_one_at_load(tmp_path):
    make_gta5(tmp_path, num=3, size=(32, 32))
    corrupt(str(tmp_path / 'images' / '00001.png'))
    with pytest.raises(ValueError, match=r'00001\.png.*corrupt'):
        GTA5Dataset(str(tmp_path))
    make_gta5(tmp_path, num=3, size=(32, 32))
    corrupt(str(tmp_path / 'images' / '00002.png'), keep_fraction=0.5)
    dataset = GTA5Dataset(str(tmp_path), pipeline=LOAD_ALL, test_mode=True)
    with pytest.raises(ValueError, match=r'00002\.png.*truncated'):
        dataset[2]  # evaluation skips nothing (training does: test_data_integrity.py)


def test_image_io_errors_and_sizes(tmp_path):
    image = coordinate_image(5, 7)
    write_grey(str(tmp_path / 'grey.png'), image[..., 0])
    assert image_size(str(tmp_path / 'grey.png')) == (5, 7)
    grey = read_image(str(tmp_path / 'grey.png'))
    assert grey.shape == (5, 7, 3) and (grey[..., 2] == image[..., 0]).all()
    with pytest.raises(FileNotFoundError, match='missing.png'):
        read_image(str(tmp_path / 'missing.png'))
    write_grey(str(tmp_path / 'colour.png'), image)
    with pytest.raises(ValueError, match=r'colour\.png.*single-channel'):
        read_label(str(tmp_path / 'colour.png'))


def test_read_image_refuses_a_truncated_jpeg_whatever_its_name(tmp_path):
    noise = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    _, jpeg = cv2.imencode('.jpg', noise)
    (tmp_path / 'whole.png').write_bytes(jpeg.tobytes())
    assert read_image(str(tmp_path / 'whole.png')).shape == (64, 64, 3)
    (tmp_path / 'frame.png').write_bytes(jpeg.tobytes()[:jpeg.size // 2])
    assert cv2.imread(str(tmp_path / 'frame.png')) is not None  # OpenCV: grey rows, silently
    with pytest.raises(UnreadableImageError, match=r"frame\.png' is incomplete.*truncated"):
        read_image(str(tmp_path / 'frame.png'))


def test_invalid_arguments_are_named(tmp_path):
    make_gta5(tmp_path, num=1)
    with pytest.raises(ValueError, match='label_format'):
        GTA5Dataset(str(tmp_path), label_format='colour')
    with pytest.raises(ValueError, match='size_mismatch'):
        GTA5Dataset(str(tmp_path), size_mismatch='crop')
    with pytest.raises(ValueError, match='split'):
        CityscapesDataset(str(tmp_path), split='extra')
