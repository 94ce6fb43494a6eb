"""Checkpoints load with the weights-only unpickler, mmengine's own classes included."""
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub
from mmengine.runner import CheckpointLoader

from segda.engine.checkpoint import load_local_checkpoint


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
