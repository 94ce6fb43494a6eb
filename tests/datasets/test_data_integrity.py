"""The converters' split lists are used, an undecodable file mid-run is
skipped (up to a cap), a truncated file passes no converter check, and labels with ids
outside the label space are reported by the converter and stopped at load time."""
import io
import logging

import cv2
import numpy as np
import pytest
from PIL import Image

import segda.datasets.base as base_module
from segda.datasets import GTA5Dataset, write_split_file
from segda.datasets.pair_check import SYNTHIA_IDS, PairJob, check_pair, format_report

from helpers.data_files import corrupt, make_gta5, make_synthia, write_grey, write_synthia_label

LOAD_ALL = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='PackSegInputs')]


@pytest.fixture
def log(monkeypatch):
    messages = []
    monkeypatch.setattr(base_module, 'print_log',
                        lambda msg, **kwargs: messages.append((msg, kwargs.get('level'))))
    return messages


# -- split lists and undecodable files -----------------------------------------------------
def test_the_converters_split_list_is_read_when_it_exists_and_said_so(tmp_path, log):
    stems = make_gta5(tmp_path, num=4)
    assert len(GTA5Dataset(str(tmp_path))) == 4  # no list: the folder is scanned
    write_split_file(str(tmp_path / 'train.txt'), [stems[0], stems[2]])
    dataset = GTA5Dataset(str(tmp_path))
    assert [info['img_path'][-9:-4] for info in dataset.load_data_list()] == ['00000', '00002']
    assert any('the 2 pairs of train.txt' in message for message, _ in log)
    assert len(GTA5Dataset(str(tmp_path), split_file=None)) == 4  # scanning on request


def test_an_undecodable_training_sample_is_skipped_with_a_warning_up_to_a_cap(tmp_path, log):
    make_gta5(tmp_path, num=4, size=(32, 32))
    corrupt(str(tmp_path / 'images' / '00001.png'), keep_fraction=0.5)
    dataset = GTA5Dataset(str(tmp_path), pipeline=LOAD_ALL, max_broken=0.25)
    np.random.seed(0)  # mmengine redraws with np.random; seed 0 draws 0 first, not 00001 again
    sample = dataset[1]  # another sample is drawn instead
    assert not sample['data_samples']['img_path'].endswith('00001.png')
    warnings = [message for message, level in log if level == logging.WARNING]
    assert any('00001.png' in message for message in warnings)
    corrupt(str(tmp_path / 'images' / '00003.png'), keep_fraction=0.5)
    with pytest.raises(RuntimeError, match=r'2 undecodable samples.*00001\.png.*00003\.png'):
        for _ in range(50):  # draws until the second broken file is met
            dataset[3]


# -- truncated images in the converter -----------------------------------------------------
def test_a_truncated_jpeg_under_a_png_name_fails_the_converter_check(tmp_path):
    rgb = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format='JPEG')
    image = tmp_path / 'frame.png'
    image.write_bytes(buffer.getvalue()[:len(buffer.getvalue()) // 2])
    assert cv2.imread(str(image)) is not None  # OpenCV decodes it, grey-filled, silently
    write_grey(str(tmp_path / 'label.png'), np.full((64, 64), 7, dtype=np.uint8))
    check = check_pair(PairJob('frame', str(image), str(tmp_path / 'label.png')))
    assert check.errors and 'frame.png' in check.errors[0] and 'truncated' in check.errors[0]


# -- label ids outside the table -----------------------------------------------------------
def test_the_converter_reports_unknown_ids_and_labels_without_a_valid_pixel(tmp_path):
    make_gta5(tmp_path, num=3, size=(8, 8))
    labels = tmp_path / 'labels'
    unknown = np.full((8, 8), 7, dtype=np.uint8)
    unknown[0, :3] = 50
    write_grey(str(labels / '00001.png'), unknown)
    write_grey(str(labels / '00002.png'), np.full((8, 8), 3, dtype=np.uint8))  # id 3: ignored
    checks = [check_pair(PairJob(s, str(tmp_path / 'images' / f'{s}.png'),
                                 str(labels / f'{s}.png'))) for s in ('00001', '00002')]
    assert not any(check.errors for check in checks)  # kept, but reported
    report = format_report('GTA5', checks)
    assert '00001: 3 pixels with ids outside the Cityscapes table (0..33): [50]' in report
    assert '00002: no pixel of a training class' in report


def test_the_converter_reports_unknown_synthia_ids_past_255_too(tmp_path):
    make_synthia(tmp_path, num=2, size=(4, 8))
    labels = tmp_path / 'GT' / 'LABELS'
    ids = np.full((4, 8), 3, dtype=np.uint16)
    ids[0, :2], ids[1, :3] = 23, 300  # past the table (0..22), and past a uint8
    write_synthia_label(str(labels / '0000000.png'), ids)
    write_synthia_label(str(labels / '0000001.png'), np.full((4, 8), 22, dtype=np.uint16))
    checks = [check_pair(PairJob(s, str(tmp_path / 'RGB' / f'{s}.png'),
                                 str(labels / f'{s}.png')), SYNTHIA_IDS)
              for s in ('0000000', '0000001')]
    assert not any(check.errors for check in checks)
    report = format_report('SYNTHIA', checks)
    assert '0000000: 5 pixels with ids outside the SYNTHIA table (0..22): [23, 300]' in report
    assert '0000001: no pixel of a training class' in report  # lane marking only


def test_an_out_of_range_train_id_stops_loading_with_the_file_name(tmp_path):
    make_gta5(tmp_path, num=2, size=(8, 8))
    (tmp_path / 'labels_trainids').mkdir()
    for stem in ('00000', '00001'):
        write_grey(str(tmp_path / 'labels_trainids' / f'{stem}.png'),
                   np.full((8, 8), 25 if stem == '00001' else 3, dtype=np.uint8))
    dataset = GTA5Dataset(str(tmp_path), pipeline=LOAD_ALL, label_format='trainIds')
    assert dataset[0]['data_samples']['gt_seg'].max() == 3
    with pytest.raises(ValueError, match=r"00001\.png' holds train ids \[25\]"):
        dataset.prepare_data(1)
