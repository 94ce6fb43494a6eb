"""A checkpoint that does not fit the config stops every tool that loads
it with one message naming the file and the first keys; method-only weights are fine."""
import pytest
import torch

from segda.apis.config import read_config
from segda.registry import MODELS

from helpers.cli import REPO, run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'
SMALL = 'model.task.decoder.channels=16'
pytestmark = pytest.mark.slow  # each tool run builds a model and a dataset (about 10 s)


@pytest.fixture(scope='module')
def task_state():
    """The weights of the config's model (decoder narrowed as in the tool runs)."""
    cfg = read_config(REPO / CONFIG)
    cfg.merge_from_dict({SMALL.split('=')[0]: 16})
    return MODELS.build(cfg.model).state_dict()


def _tool_run(tool, checkpoint, data_root):
    return run_tool(tool, CONFIG, checkpoint, '--cfg-options',
                    *synthcity_options(CONFIG, data_root), SMALL)


@pytest.mark.parametrize('tool', ['test.py', 'predicted_classes.py'])
def test_unrelated_keys_stop_the_tool(tool, tiny_synthcity, tmp_path):
    checkpoint = tmp_path / 'unrelated.pth'
    torch.save(dict(state_dict={'encoder.conv.weight': torch.zeros(3)}), checkpoint)
    result = _tool_run(tool, checkpoint, tiny_synthcity)
    assert result.returncode == 1, result.stdout[-2000:]
    assert 'unrelated.pth' in result.stderr and 'does not fit' in result.stderr
    assert 'task.' in result.stderr  # the first missing keys are named
    assert 'Traceback' not in result.stderr and 'mIoU' not in result.stdout


@pytest.mark.parametrize('tool', ['test.py', 'predicted_classes.py'])
def test_a_weight_of_another_shape_stops_the_tool(tool, task_state, tiny_synthcity, tmp_path):
    state = dict(task_state)
    key = next(k for k, v in state.items() if v.dim() == 4)  # e.g. a ResNet-18 vs -50 conv
    state[key] = torch.zeros(state[key].shape[0] * 2, *state[key].shape[1:])
    checkpoint = tmp_path / 'reshaped.pth'
    torch.save(dict(state_dict=state), checkpoint)
    result = _tool_run(tool, checkpoint, tiny_synthcity)
    assert result.returncode == 1, result.stdout[-2000:]
    assert 'reshaped.pth' in result.stderr and key in result.stderr
    assert 'another shape' in result.stderr


def test_method_only_weights_are_noted_not_refused(task_state, tiny_synthcity, tmp_path):
    state = dict(task_state, **{'discriminator.conv.weight': torch.zeros(1, 8, 1, 1)})
    checkpoint = tmp_path / 'with_discriminator.pth'
    torch.save(dict(state_dict=state), checkpoint)
    result = _tool_run('test.py', checkpoint, tiny_synthcity)
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert 'the weights predictions read fit' in log and 'discriminator.conv.weight' in log
    assert 'mIoU' in log
