"""docs/reliability.md, case 4: --resume continues from the newest complete checkpoint when
the last_checkpoint pointer is missing or stale, and a run never starts over silently in a
work dir that holds checkpoints."""
import hashlib

import pytest
import torch

from segda.apis.resume import newest_checkpoint, refuse_fresh_start

from helpers.cli import run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'


@pytest.fixture
def work_dir(tmp_path):
    """iter_2.pth and iter_4.pth (complete), the pointer naming iter_2.pth: a run killed
    between writing iter_4.pth and its pointer."""
    for step in (2, 4):
        torch.save(dict(meta=dict(iter=step)), tmp_path / f'iter_{step}.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_2.pth'))
    return tmp_path


def test_a_stale_pointer_is_passed_over(work_dir):
    assert newest_checkpoint(work_dir) == str(work_dir / 'iter_4.pth')


def test_a_missing_pointer_is_not_a_fresh_start(work_dir):
    (work_dir / 'last_checkpoint').unlink()
    assert newest_checkpoint(work_dir) == str(work_dir / 'iter_4.pth')


def test_incomplete_and_missing_checkpoints_are_skipped(work_dir):
    (work_dir / 'iter_6.pth').write_bytes((work_dir / 'iter_4.pth').read_bytes()[:100])
    (work_dir / 'last_checkpoint').write_text(str(work_dir / 'iter_8.pth'))  # removed since
    assert newest_checkpoint(work_dir) == str(work_dir / 'iter_4.pth')


def test_an_empty_work_dir_has_nothing_to_resume(tmp_path):
    assert newest_checkpoint(tmp_path) is None
    refuse_fresh_start(tmp_path)  # nothing to overwrite


def test_starting_over_on_checkpoints_is_refused(work_dir):
    with pytest.raises(FileExistsError, match=r'iter_4\.pth, iter_2\.pth.*--resume.*--overwrite'):
        refuse_fresh_start(work_dir)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_killed_before_the_pointer_resumes_without_overwriting(tiny_synthcity, tmp_path):
    work_dir = tmp_path / 'work'
    options = [*synthcity_options(CONFIG, tiny_synthcity), 'train_cfg.val_interval=100',
               'default_hooks.checkpoint.interval=2', 'model.task.decoder.channels=16']
    trained = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--cfg-options', *options,
                       'train_cfg.max_iters=4')
    assert trained.returncode == 0, trained.stderr[-3000:]
    (work_dir / 'last_checkpoint').write_text(str(work_dir / 'iter_2.pth'))  # the kill
    digest = _digest(work_dir / 'iter_4.pth')

    again = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--cfg-options', *options,
                     'train_cfg.max_iters=6')
    assert again.returncode == 1 and 'already holds checkpoints' in again.stderr
    assert 'Traceback' not in again.stderr

    resumed = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--resume', '--cfg-options',
                       *options, 'train_cfg.max_iters=6')
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert f'newest complete checkpoint {work_dir / "iter_4.pth"}' in resumed.stdout
    assert _digest(work_dir / 'iter_4.pth') == digest  # not trained again from iteration 0
    assert torch.load(work_dir / 'iter_6.pth', weights_only=False)['meta']['iter'] == 6
