"""Label spaces come from the dataset: a 3-class segmentation set with its own raw-id map
trains and evaluates through the Runner without any Cityscapes table, and a model whose K
differs from the dataset's class count, or an evaluated dataset whose class names differ
from the model's, is stopped before the first iteration."""
import runpy
import sys

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

import segda.engine  # noqa: F401  (registers the hooks and loops)
import segda.methods  # noqa: F401
from segda.apis.config import read_config
from segda.datasets.label_space import check_metainfo, label_table
from segda.registry import DATASETS, FUNCTIONS, MODELS

from helpers.cli import REPO

# Raw values 10, 20, 30 are the classes; 99 (and anything else) is ignored.
METAINFO = dict(classes=('sky', 'ground', 'thing'), palette=((0, 0, 255), (0, 255, 0), (255, 0, 0)),
                label_map={10: 0, 20: 1, 30: 2}, ignore_index=255)
RAW_VALUES = (10, 20, 30, 99)
LAYOUT = dict(img_dir='img', img_suffix='.png', seg_dir='ann', seg_suffix='.png')
PIPELINE = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='PackSegInputs')]


def write_dataset(root, num=4, size=(16, 16)):
    """Images whose colour tells the class; labels in raw values, horizontal bands."""
    rng = np.random.default_rng(0)
    for index in range(num):
        raw = np.array(RAW_VALUES, dtype=np.uint8)[
            np.arange(size[0])[:, None].repeat(size[1], 1) * len(RAW_VALUES) // size[0]]
        raw = np.roll(raw, index, axis=0)
        image = (raw[..., None] * np.array([2, 3, 5]) % 256).astype(np.uint8)
        image = np.clip(image + rng.integers(0, 8, image.shape), 0, 255).astype(np.uint8)
        for folder, array in (('img', image), ('ann', raw)):
            (root / folder).mkdir(parents=True, exist_ok=True)
            assert cv2.imwrite(str(root / folder / f'{index:03d}.png'), array)


def dataset_cfg(root, **kwargs):
    return dict(type='SegDataset', data_root=str(root), layout=LAYOUT, metainfo=METAINFO,
                pipeline=PIPELINE, **kwargs)


def runner_cfg(root, work_dir, num_classes=3):
    loader = dict(batch_size=2, num_workers=0, collate_fn=dict(type='segda.seg_collate'),
                  dataset=dataset_cfg(root))
    return Config(dict(
        default_scope='segda', work_dir=str(work_dir), log_level='WARNING',
        model=dict(type='SourceOnly', data_preprocessor=dict(type='SegDataPreProcessor'),
                   task=dict(type='Segmentor', num_classes=num_classes,
                             backbone=dict(type='ResNet', depth=18),
                             decoder=dict(type='FCNDecoder', channels=8))),
        train_dataloader=dict(loader, sampler=dict(type='InfiniteSampler', shuffle=True)),
        val_dataloader=dict(loader, sampler=dict(type='DefaultSampler', shuffle=False)),
        val_evaluator=dict(type='IoUMetric'),  # K and names from the dataset's metainfo
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        train_cfg=dict(by_epoch=False, max_iters=2, val_interval=2), val_cfg=dict(),
        default_hooks=dict(label_space=dict(type='LabelSpaceCheckHook'),
                           checkpoint=dict(type='CheckpointHook', interval=1000)),
        randomness=dict(seed=0)))


def test_the_dataset_map_gives_the_train_ids(tmp_path):
    write_dataset(tmp_path)
    dataset = DATASETS.build(dataset_cfg(tmp_path))
    assert dataset.metainfo['classes'] == METAINFO['classes']
    label = dataset[0]['data_samples']['gt_seg'].numpy()
    raw = cv2.imread(str(tmp_path / 'ann' / '000.png'), cv2.IMREAD_UNCHANGED)
    expected = np.where(raw == 10, 0, np.where(raw == 20, 1, np.where(raw == 30, 2, 255)))
    np.testing.assert_array_equal(label, expected)


def test_a_three_class_dataset_trains_and_evaluates_through_the_runner(tmp_path):
    write_dataset(tmp_path / 'data')
    runner = Runner.from_cfg(runner_cfg(tmp_path / 'data', tmp_path / 'work'))
    runner.train()
    metrics = runner.val()
    assert {'mIoU', 'IoU.sky', 'IoU.ground', 'IoU.thing'} <= set(metrics)
    assert not any('road' in key for key in metrics)


def test_a_model_whose_k_differs_from_the_dataset_is_stopped_naming_both(tmp_path):
    write_dataset(tmp_path / 'data')
    runner = Runner.from_cfg(runner_cfg(tmp_path / 'data', tmp_path / 'work', num_classes=19))
    with pytest.raises(ValueError, match=r'K = 19 .* has 3'):
        runner.train()


def test_inconsistent_label_spaces_are_refused():
    with pytest.raises(ValueError, match='palette'):
        check_metainfo(dict(METAINFO, palette=((0, 0, 0),)), 'X')
    with pytest.raises(ValueError, match='ignore_index'):
        check_metainfo(dict(METAINFO, ignore_index=1), 'X')
    with pytest.raises(ValueError, match='maps 10 -> 7'):
        check_metainfo(dict(METAINFO, label_map={10: 7}), 'X')
    with pytest.raises(ValueError, match='classes'):
        check_metainfo(dict(classes=()), 'X')
    table = label_table(METAINFO)
    assert table[[10, 20, 30, 99, 0]].tolist() == [0, 1, 2, 255, 255]
    assert label_table(dict(classes=('a',))) is None


def test_a_domain_pair_needs_one_label_space(tmp_path):
    write_dataset(tmp_path)
    other = dict(dataset_cfg(tmp_path), metainfo=dict(METAINFO, classes=('a', 'b', 'c')))
    with pytest.raises(ValueError, match='label spaces differ'):
        DATASETS.build(dict(type='DomainPairDataset', source=dataset_cfg(tmp_path),
                            target=dict(other, pipeline=PIPELINE[:1] + PIPELINE[2:])))


DIGITS = tuple(str(k) for k in range(10))
RENAMED_DIGITS = ('zero',) + DIGITS[1:]  # the test folder of the cases below


def write_class_folders(root, names, shape=(4, 4)):
    """One black image in each class folder ``root/<name>/``."""
    for name in names:
        (root / name).mkdir(parents=True)
        assert cv2.imwrite(str(root / name / '0.png'), np.zeros(shape, np.uint8))


def test_an_evaluated_dataset_whose_class_names_differ_is_refused_naming_them(tmp_path):
    """Class folders 0..9 for training, and a test folder with '0' renamed 'zero': ten
    classes each, so the count check passes, but sorted names shift every class index."""
    for split, names in (('train', DIGITS), ('test', RENAMED_DIGITS)):
        write_class_folders(tmp_path / split, names)
    train, test = (DATASETS.build(dict(type='ImageFolderDataset', data_root=str(tmp_path / split)))
                   for split in ('train', 'test'))
    check_class_names = FUNCTIONS.get('check_class_names')  # what the engine's hook calls
    check_class_names(train.metainfo['classes'], [('val', train), ('re-ID', object())])
    with pytest.raises(ValueError, match=r"the test dataset ImageFolderDataset has 10 classes, "
                                         r"the training data 10, and 10 positions differ "
                                         r"\(class 0 is '1' there, '0' in the training data;"):
        check_class_names(train.metainfo['classes'], [('test', test)],
                          reference='the training data')


def test_a_val_dataset_whose_class_names_differ_from_the_training_data_stops_the_run(
        tmp_path):
    write_dataset(tmp_path / 'data')
    cfg = runner_cfg(tmp_path / 'data', tmp_path / 'work')
    cfg.val_dataloader.dataset.metainfo = dict(METAINFO, classes=('sky', 'thing', 'ground'))
    runner = Runner.from_cfg(cfg)
    with pytest.raises(ValueError, match=r"the val dataset SegDataset has 3 classes, the "
                                         r"training data 3, and 2 positions differ"):
        runner.train()
    assert runner.iter == 0


def test_tools_test_refuses_a_test_folder_whose_classes_differ_from_the_checkpoint(
        tmp_path, monkeypatch, capsys):
    """A run that only tests has no training data: the checkpoint's classes (the
    ``dataset_meta`` mmengine saves) are the model's label space."""
    write_class_folders(tmp_path / 'test', RENAMED_DIGITS, shape=(28, 28, 3))
    config = tmp_path / 'config.py'
    config.write_text(
        f"_base_ = [{str(REPO / 'configs/classification/source_only_digits_demo.py')!r}]\n"
        f"test_dataloader = dict(dataset=dict(_delete_=True, type='ImageFolderDataset', "
        f"data_root={str(tmp_path / 'test')!r}, pipeline=[dict(type='PackClsInputs')]))\n")
    checkpoint = tmp_path / 'iter_1.pth'
    torch.save(dict(state_dict=MODELS.build(read_config(config).model).state_dict(),
                    meta=dict(dataset_meta=dict(classes=DIGITS))), checkpoint)
    monkeypatch.setattr(sys, 'argv', ['tools/test.py', str(config), str(checkpoint),
                                      '--work-dir', str(tmp_path / 'work')])
    with pytest.raises(SystemExit) as stopped:
        runpy.run_path(str(REPO / 'tools' / 'test.py'), run_name='__main__')
    assert stopped.value.code == 1
    assert ("error: the label spaces differ: the test dataset ImageFolderDataset has 10 "
            "classes, the checkpoint's training data 10") in capsys.readouterr().err
