"""segda.apis.train, what tools/train.py runs: the work dir's checkpoints are continued
(resume='auto' or a path) or started over (overwrite=True), never silently overwritten; a
work dir in use by another run is refused; the checkpoint a run starts from (``load_from``,
``--resume``) must fit it, and a resume must leave something to train. On the two-moons
toy, a few iterations each."""
import itertools

import pytest
import torch

from segda.apis import load_config, train
from segda.apis.checkpoint_check import CheckpointMismatchError
from segda.apis.workdir_lock import LOCK_NAME, WorkDirBusyError, acquire

CONFIG = 'configs/toy/source_only_two_moons.py'
RUNS = itertools.count()


def toy(work_dir, max_iters, config=CONFIG):
    """The toy config in ``work_dir``: ``max_iters`` iterations, a checkpoint every 2. Each
    run gets an experiment name of its own: mmengine names the message hub and the logger
    after it (by default the config and the second it started), and runners of one process
    that share it share their runtime state, the checkpoints to keep among it."""
    cfg = load_config(config, {'train_cfg.max_iters': max_iters, 'train_cfg.val_interval': 100,
                               'default_hooks.checkpoint.interval': 2,
                               'default_hooks.checkpoint.max_keep_ckpts': 3},
                      work_dir=str(work_dir))
    cfg.experiment_name = f'train_api_{next(RUNS)}'
    return cfg


def iteration_of(path):
    return torch.load(path, map_location='cpu', weights_only=False)['meta']['iter']


def test_trains_then_refuses_a_fresh_start_then_resumes(tmp_path):
    cfg = toy(tmp_path, 2)
    runner = train(cfg)
    assert runner.iter == 2 and iteration_of(tmp_path / 'iter_2.pth') == 2
    assert cfg.get('load_from') is None and not cfg.get('resume')  # the caller's config kept
    assert not (tmp_path / LOCK_NAME).exists()  # the lock is released

    with pytest.raises(FileExistsError, match=r'already holds checkpoints \(iter_2\.pth\).*'
                                              r'--resume.*--overwrite'):
        train(toy(tmp_path, 4))

    resumed = train(toy(tmp_path, 4), resume='auto')
    assert resumed.iter == 4 and iteration_of(tmp_path / 'iter_4.pth') == 4

    from_path = train(toy(tmp_path, 6), resume=str(tmp_path / 'iter_2.pth'))
    assert from_path.iter == 6


def test_overwrite_starts_over(tmp_path):
    train(toy(tmp_path, 4))
    digest = (tmp_path / 'iter_2.pth').read_bytes()
    runner = train(toy(tmp_path, 2), overwrite=True)
    assert runner.iter == 2 and iteration_of(tmp_path / 'iter_2.pth') == 2
    assert (tmp_path / 'iter_2.pth').read_bytes() != digest  # written again from iteration 0


def test_resume_without_checkpoints_starts_at_zero_and_says_so(tmp_path, capsys):
    runner = train(toy(tmp_path, 2), resume='auto')
    assert runner.iter == 2
    assert 'holds no checkpoint; training starts at iteration 0' in capsys.readouterr().out


def test_bad_starts_are_refused_before_training(tmp_path):
    with pytest.raises(FileNotFoundError, match='--resume checkpoint not found'):
        train(toy(tmp_path, 2), resume=str(tmp_path / 'missing.pth'))
    with pytest.raises(ValueError, match='exclude each other'):
        train(toy(tmp_path, 2), resume='auto', overwrite=True)
    acquire(str(tmp_path))  # held by this (live) process: another run
    with pytest.raises(WorkDirBusyError, match='in use by another training run'):
        train(toy(tmp_path, 2))
    assert not list(tmp_path.glob('iter_*.pth'))


def test_load_from_another_networks_checkpoint_is_refused(tmp_path):
    train(toy(tmp_path / 'first', 2))
    checkpoint = torch.load(tmp_path / 'first' / 'iter_2.pth', map_location='cpu',
                            weights_only=False)
    key = next(key for key, value in checkpoint['state_dict'].items() if value.dim() == 2)
    checkpoint['state_dict'][key] = torch.zeros(3, 3)  # a layer of another width
    other = tmp_path / 'other_network.pth'
    torch.save(checkpoint, other)
    cfg = toy(tmp_path / 'second', 2)
    cfg.load_from = str(other)
    with pytest.raises(CheckpointMismatchError, match=rf'other_network\.pth.*does not fit.*'
                                                      rf'{key} \(checkpoint \(3, 3\)'):
        train(cfg)
    assert not list((tmp_path / 'second').glob('iter_*.pth'))  # nothing trained


def test_resume_with_nothing_left_to_train_is_refused(tmp_path):
    train(toy(tmp_path, 4))
    with pytest.raises(ValueError, match=r'iter_4\.pth.* iteration 4.*max_iters is 2: nothing '
                                         r'would be trained.*max_iters=N with N > 4'):
        train(toy(tmp_path, 2), resume='auto')


def test_resume_from_another_methods_checkpoint_names_the_mismatch(tmp_path):
    train(toy(tmp_path / 'source_only', 2, 'configs/toy/source_only_shallow_two_moons.py'))
    dann = toy(tmp_path / 'dann', 4, 'configs/toy/dann_two_moons.py')  # the same network
    with pytest.raises(CheckpointMismatchError, match=r'source_only.*iter_2\.pth.*cannot continue'
                                                      r'.*discriminator.*load_from'):
        train(dann, resume=str(tmp_path / 'source_only' / 'iter_2.pth'))
    checkpoint = torch.load(tmp_path / 'source_only' / 'iter_2.pth', weights_only=False)
    checkpoint['state_dict'] = {f'other.{key}': value
                                for key, value in checkpoint['state_dict'].items()}
    torch.save(checkpoint, tmp_path / 'other_task.pth')
    with pytest.raises(CheckpointMismatchError, match='task weights do not fit either'):
        train(toy(tmp_path / 'source_only', 4), resume=str(tmp_path / 'other_task.pth'))
