"""End to end through the CLIs on a tiny SynthCity: train, resume, test, and bad input."""
import pytest
import torch

from helpers.cli import run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'
pytestmark = pytest.mark.slow


def small_run_options(max_iters):
    return [f'train_cfg.max_iters={max_iters}', 'train_cfg.val_interval=4',
            'default_hooks.checkpoint.interval=2', 'default_hooks.logger.interval=1',
            'model.task.decoder.channels=16']


def test_train_resume_test(tiny_synthcity, tmp_path):
    work_dir = tmp_path / 'work'
    data = synthcity_options(CONFIG, tiny_synthcity)

    trained = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--cfg-options',
                       *data, *small_run_options(4))
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert (work_dir / 'iter_4.pth').is_file()
    assert 'mIoU' in trained.stdout + trained.stderr

    resumed = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--resume', '--cfg-options',
                       *data, *small_run_options(6))
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    log = resumed.stdout + resumed.stderr
    assert 'resumed' in log.lower()
    checkpoint = torch.load(work_dir / 'iter_6.pth', map_location='cpu', weights_only=False)
    assert checkpoint['meta']['iter'] == 6

    show_dir = tmp_path / 'show'
    tested = run_tool('test.py', CONFIG, work_dir / 'iter_6.pth', '--work-dir', tmp_path / 'test',
                      '--show-dir', show_dir, '--cfg-options', *data,
                      'model.task.decoder.channels=16')
    assert tested.returncode == 0, tested.stderr[-3000:]
    assert 'mIoU' in tested.stdout + tested.stderr
    assert len(list(show_dir.glob('*.png'))) == 4  # the tiny SynthCity has 4 val images


def test_missing_dataset_points_at_the_docs(tmp_path):
    result = run_tool('train.py', 'configs/source_only_fcn_gta5.py', '--work-dir', tmp_path,
                      '--cfg-options', f'train_dataloader.dataset.data_root={tmp_path}/nowhere')
    assert result.returncode == 1
    assert 'nowhere' in result.stderr and 'docs/datasets.md' in result.stderr
    assert 'Traceback' not in result.stderr


def test_missing_checkpoint_is_named(tiny_synthcity, tmp_path):
    result = run_tool('test.py', CONFIG, tmp_path / 'missing.pth', '--cfg-options',
                      *synthcity_options(CONFIG, tiny_synthcity))
    assert result.returncode == 1
    assert 'missing.pth' in result.stderr and 'Traceback' not in result.stderr


def test_unknown_config_type_gets_the_registry_message(tiny_synthcity, tmp_path):
    result = run_tool('train.py', CONFIG, '--work-dir', tmp_path, '--cfg-options',
                      *synthcity_options(CONFIG, tiny_synthcity), 'model.task.backbone.type=ResNot')
    assert result.returncode == 1
    assert 'ResNot' in result.stderr and 'registry' in result.stderr
