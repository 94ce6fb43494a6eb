"""docs/reliability.md, case 2: an empty, truncated, random or text file given as a
checkpoint is refused in one line naming the path, not a traceback or ``error: 101``."""
import os

import pytest
import torch

from segda.engine.checkpoint import UnreadableCheckpointError, load_local_checkpoint

from helpers.cli import run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'


def _write_bad(kind, tmp_path):
    path = tmp_path / f'{kind}.pth'
    if kind == 'truncated':
        torch.save(dict(state_dict={'w': torch.zeros(1000)}), path)
        path.write_bytes(path.read_bytes()[:1000])
    else:
        path.write_bytes(dict(empty=b'', random=os.urandom(4096),
                              text=b'this is not a checkpoint\n')[kind])
    return path


@pytest.mark.parametrize('kind', ['empty', 'truncated', 'random', 'text'])
def test_loader_names_the_unreadable_file(kind, tmp_path):
    path = _write_bad(kind, tmp_path)
    with pytest.raises(UnreadableCheckpointError, match=f'not a readable checkpoint: .*{kind}.pth'):
        load_local_checkpoint(str(path))


def test_unreadable_is_a_one_line_user_error(tmp_path):
    """ValueError is what the CLIs print as one line (segda.apis.cli.USER_ERRORS)."""
    with pytest.raises(ValueError):
        load_local_checkpoint(str(_write_bad('text', tmp_path)))


@pytest.mark.slow
@pytest.mark.parametrize('tool', ['test.py', 'predicted_classes.py'])
def test_tools_print_one_line(tool, tiny_synthcity, tmp_path):
    path = _write_bad('text', tmp_path)
    result = run_tool(tool, CONFIG, path, '--cfg-options',
                      *synthcity_options(CONFIG, tiny_synthcity))
    assert result.returncode == 1
    assert f'not a readable checkpoint: {str(path)!r}' in result.stderr
    assert 'Traceback' not in result.stderr and 'error: 101' not in result.stderr
