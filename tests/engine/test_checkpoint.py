"""Checkpoints load with the weights-only unpickler, mmengine's own classes included."""
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub
from mmengine.runner import CheckpointLoader

from segda.engine.checkpoint import load_local_checkpoint

from helpers.cli import REPO


def test_message_hub_state_round_trips(tmp_path):
    hub = MessageHub.get_instance('test_checkpoint_hub')
    hub.update_scalar('train/loss', 0.5)
    hub.update_scalar('train/loss', 1.5)
    checkpoint = dict(meta=dict(seed=np.int64(3), iter=7), message_hub=hub.state_dict(),
                      state_dict=dict(weight=torch.arange(4.0)))
    path = tmp_path / 'iter_7.pth'
    torch.save(checkpoint, path)

    loaded = load_local_checkpoint(str(path))

    assert loaded['meta']['seed'] == 3
    assert loaded['message_hub']['log_scalars']['train/loss'].mean() == 1.0
    assert torch.equal(loaded['state_dict']['weight'], torch.arange(4.0))


def test_mmengine_uses_the_safe_loader_for_local_paths(tmp_path):
    path = tmp_path / 'weights.pth'
    torch.save(dict(state_dict=dict(w=torch.ones(2))), path)
    loaded = CheckpointLoader.load_checkpoint(str(path), map_location='cpu')
    assert torch.equal(loaded['state_dict']['w'], torch.ones(2))


class _AttributeOutsideAllowList:
    """Pickles as getattr(HistoryBuffer, '__init__'): not a statistics method."""

    def __reduce__(self):
        return getattr, (HistoryBuffer, '__init__')


def test_other_attributes_are_refused(tmp_path):
    path = tmp_path / 'suspicious.pth'
    torch.save(dict(payload=_AttributeOutsideAllowList()), path)
    with pytest.raises(pickle.UnpicklingError, match="'__init__'"):
        load_local_checkpoint(str(path))


def test_missing_checkpoint_names_the_path(tmp_path):
    missing = tmp_path / 'nope.pth'
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        load_local_checkpoint(str(missing))


@pytest.mark.slow
def test_loads_in_a_fresh_process_before_any_history_buffer_exists(tmp_path):
    """HistoryBuffer registers its statistics on first use; a resume or tools/test.py loads
    before that happens, so the allow-list must not depend on it."""
    import subprocess
    import sys
    hub = MessageHub.get_instance('test_checkpoint_fresh')
    hub.update_scalar('train/loss', 2.0)
    path = tmp_path / 'iter_1.pth'
    torch.save(dict(message_hub=hub.state_dict()), path)
    code = ('from segda.engine.checkpoint import load_local_checkpoint; '
            f'c = load_local_checkpoint({str(path)!r}); '
            "print(c['message_hub']['log_scalars']['train/loss'].mean())")
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '2.0'


def test_rng_states_round_trip_through_the_safe_loader(tmp_path):
    import random

    from segda.engine.rng_state import global_rng_state, set_global_rng_state

    def draws():
        return random.random(), np.random.rand(), torch.rand(1)

    saved = global_rng_state()
    expected = draws()
    path = tmp_path / 'iter_1.pth'
    torch.save(dict(rng_state=saved), path)
    draws()
    set_global_rng_state(load_local_checkpoint(str(path))['rng_state'])
    got = draws()
    assert got[:2] == expected[:2] and torch.equal(got[2], expected[2])


def resume_rng_hook(monkeypatch, rank, world_size, saved, diff_rank_seed=True):
    """An ``RNGStateHook`` of rank ``rank`` of ``world_size`` that has loaded ``saved`` as a
    checkpoint's ``rng_state`` and restored it in ``before_train`` of iteration 3; returns
    the messages it logged."""
    from types import SimpleNamespace

    from segda.engine import rng_state as hooks

    monkeypatch.setattr(hooks, 'get_rank', lambda: rank)
    monkeypatch.setattr(hooks, 'get_world_size', lambda: world_size)
    messages = []
    monkeypatch.setattr(hooks, 'print_log', lambda message, **kwargs: messages.append(message))
    randomness = {} if diff_rank_seed is None else dict(diff_rank_seed=diff_rank_seed)
    runner = SimpleNamespace(iter=3, cfg=dict(randomness=randomness))
    hook = hooks.RNGStateHook()
    hook.after_load_checkpoint(runner, dict(rng_state=saved))
    hook.before_train(runner)
    return messages


def seeded_states_and_draws(*seeds):
    """For each seed: the RNG states just after seeding and the first torch draw."""
    from segda.engine.rng_state import global_rng_state

    states, draws = [], []
    for seed in seeds:
        torch.manual_seed(seed)
        states.append(global_rng_state())
        draws.append(torch.rand(1))
    return states, draws


@pytest.mark.parametrize('rank, diff_rank_seed, restored', [
    (0, True, True), (1, True, False), (1, False, True), (1, None, True)])
def test_resume_from_rank_0_streams_only_keeps_ranks_apart(rank, diff_rank_seed, restored,
                                                           monkeypatch):
    """A checkpoint holding rank 0's generators only (the format before every rank's was
    saved), resumed by 2 ranks: with per-rank seeds another rank keeps the seed
    Runner.resume gave it, else every rank would draw rank 0's dropout masks."""
    (saved,), (rank_0,) = seeded_states_and_draws(1)
    _, (own,) = seeded_states_and_draws(2)
    torch.manual_seed(2)  # this rank's generator as Runner.resume left it
    messages = resume_rng_hook(monkeypatch, rank, 2, saved, diff_rank_seed)
    assert torch.equal(torch.rand(1), rank_0 if restored else own)
    assert 'RNG states for 1 rank(s) and this run has 2' in ' '.join(messages)


@pytest.mark.parametrize('rank', [0, 1])
def test_resume_restores_each_rank_its_own_streams(rank, monkeypatch):
    saved, draws = seeded_states_and_draws(1, 2)
    torch.manual_seed(3)
    assert resume_rng_hook(monkeypatch, rank, 2, saved) == []
    assert torch.equal(torch.rand(1), draws[rank])


def test_resume_without_this_rank_streams_says_it_is_inexact(monkeypatch):
    """A checkpoint saved outside the checkpoint interval holds rank 0's states only."""
    saved, _ = seeded_states_and_draws(1)
    _, (own,) = seeded_states_and_draws(3)
    torch.manual_seed(3)
    messages = resume_rng_hook(monkeypatch, 1, 2, [saved[0], None])
    assert torch.equal(torch.rand(1), own)
    assert 'no RNG state of rank 1' in ' '.join(messages)


class Crash(Exception):
    """The simulated death of the process in the middle of a write."""


@pytest.fixture
def crash_while_writing(monkeypatch):
    """``arm(name_part, data_part)``: the next write of ``data_part`` into a file whose name
    contains ``name_part`` writes half of its data and dies, whoever opened the file
    (mmengine's LocalBackend, its CheckpointHook, or segda)."""
    import builtins
    real_open = builtins.open
    armed = {}

    class HalfWriter:
        def __init__(self, file):
            self.file = file

        def write(self, data):
            part = armed['data_part']
            if (part.encode() if isinstance(data, bytes) else part) in data:
                armed.clear()
                self.file.write(data[:len(data) // 2])
                self.file.flush()
                raise Crash(f'killed while writing {self.file.name}')
            return self.file.write(data)

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self.file.close()

    def crashing_open(file, mode='r', *args, **kwargs):
        opened = real_open(file, mode, *args, **kwargs)
        if armed and 'w' in mode and armed['name_part'] in str(file):
            return HalfWriter(opened)
        return opened

    monkeypatch.setattr(builtins, 'open', crashing_open)
    return lambda name_part, data_part='': armed.update(name_part=name_part, data_part=data_part)


def test_atomic_write_keeps_the_old_content_when_killed(tmp_path, crash_while_writing):
    from segda.engine.checkpoint import atomic_write
    path = tmp_path / 'weights.pth'
    atomic_write(path, b'old')
    crash_while_writing('weights.pth')
    with pytest.raises(Crash):
        atomic_write(path, b'new' * 1000)
    assert path.read_bytes() == b'old'
    assert [p.name for p in tmp_path.iterdir()] == ['weights.pth']
    atomic_write(path, b'new')
    assert path.read_bytes() == b'new'


def two_moons_runner(work_dir, name, resume=False):
    """The toy config (default runtime hooks) for 2 iterations, a checkpoint each, keeping 1."""
    from mmengine.runner import Runner

    from segda.apis.config import read_config
    cfg = read_config(REPO / 'configs' / 'toy' / 'source_only_two_moons.py')
    cfg.merge_from_dict({'train_cfg.max_iters': 2, 'default_hooks.checkpoint.interval': 1,
                         'default_hooks.checkpoint.max_keep_ckpts': 1,
                         'experiment_name': name, 'visualizer.name': name})
    cfg.work_dir, cfg.resume = str(work_dir), resume
    return Runner.from_cfg(cfg)


@pytest.mark.parametrize('killed_while', ['checkpoint', 'pointer'])
def test_a_killed_save_leaves_the_previous_checkpoint_resumable(killed_while, tmp_path,
                                                                crash_while_writing):
    """Killed while writing iter_2.pth, or last_checkpoint (pointing at it): iter_1.pth is
    intact, last_checkpoint names a complete checkpoint, and --resume works."""
    runner = two_moons_runner(tmp_path, f'atomic_{killed_while}')
    if killed_while == 'checkpoint':
        crash_while_writing('iter_2.pth')
    else:
        crash_while_writing('last_checkpoint', 'iter_2.pth')
    with pytest.raises(Crash):
        runner.train()

    pointer = (tmp_path / 'last_checkpoint').read_text()
    assert pointer == str(tmp_path / 'iter_1.pth')
    assert load_local_checkpoint(pointer)['meta']['iter'] == 1
    if killed_while == 'checkpoint':
        assert not (tmp_path / 'iter_2.pth').exists()
    else:  # the new checkpoint is complete; the old one is evicted only after the pointer
        assert load_local_checkpoint(str(tmp_path / 'iter_2.pth'))['meta']['iter'] == 2

    two_moons_runner(tmp_path, f'atomic_{killed_while}_resumed', resume=True).train()
    assert (tmp_path / 'last_checkpoint').read_text() == str(tmp_path / 'iter_2.pth')
    assert sorted(p.name for p in tmp_path.glob('*.pth')) == ['iter_2.pth']  # max_keep_ckpts=1
