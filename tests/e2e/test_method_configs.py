"""Every SynthCity config trains a few iterations through tools/train.py, logs finite losses
and is evaluated (mIoU). The configs are found by glob, so a new one is covered at once."""
import math
import re

import pytest

from segda.apis.config import read_config

from helpers.cli import REPO, run_tool, synthcity_options

pytestmark = pytest.mark.slow

CONFIGS = sorted(path.relative_to(REPO).as_posix() for path in REPO.glob('configs/*_synthcity.py'))
MAX_ITERS = 2
SCALE = (64, 32)  # a 16th of the configs' 256 x 128: the run is about the code paths, not accuracy
RUNTIME_KEYS = {'eta', 'time', 'data_time', 'memory'}
LOG_ITEM = re.compile(r'([\w.]+): (\S+)')


def _resize_keys(node, prefix):
    """Dotted keys (list items by index) of every Resize transform's scale under ``node``."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        path = f'{prefix}.{key}'
        if isinstance(value, dict) and value.get('type') == 'Resize':
            yield f'{path}.scale'
        elif isinstance(value, (dict, list, tuple)):
            yield from _resize_keys(value, path)


def small_run_options(config):
    cfg = read_config(REPO / config)
    resizes = [f'{key}={SCALE}' for loader in ('train_dataloader', 'val_dataloader')
               for key in _resize_keys(cfg[loader], loader)]
    assert resizes, f'{config}: no Resize transform found to shrink the inputs'
    # A decoder with hidden layers (FCN's fc6/fc7) is narrowed; DeepLabv2's has none.
    narrow = ['model.task.decoder.channels=16'] if 'channels' in cfg.model.task.decoder else []
    return resizes + [f'train_cfg.max_iters={MAX_ITERS}', f'train_cfg.val_interval={MAX_ITERS}',
                      'default_hooks.logger.interval=1', 'default_hooks.checkpoint.interval=1000',
                      *narrow]


def last_train_scalars(log):
    """The scalars of the last 'Iter(train)' line, without the runtime ones (eta, time, lr)."""
    lines = [line for line in log.splitlines() if 'Iter(train)' in line]
    assert lines, 'no Iter(train) line was logged'
    assert f'[{MAX_ITERS}/{MAX_ITERS}]' in lines[-1], lines[-1]
    scalars = dict(LOG_ITEM.findall(lines[-1].split(']', 1)[1]))
    return {key: value for key, value in scalars.items()
            if key not in RUNTIME_KEYS and not key.endswith(('lr', 'momentum'))}


@pytest.mark.parametrize('config', CONFIGS)
def test_config_trains_with_finite_losses_and_is_evaluated(config, tiny_synthcity, tmp_path):
    result = run_tool('train.py', config, '--work-dir', tmp_path, '--cfg-options',
                      *synthcity_options(config, tiny_synthcity), *small_run_options(config))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]

    losses = last_train_scalars(log)
    assert losses, 'the last Iter(train) line logged no loss'
    not_finite = {key: value for key, value in losses.items() if not math.isfinite(float(value))}
    assert not not_finite, f'{config}: non-finite logged values {not_finite}'

    miou = re.findall(r'Iter\(val\).*\bmIoU: (\S+)', log)
    assert miou, f'{config}: mIoU was not evaluated'
    assert math.isfinite(float(miou[-1]))


def test_every_method_config_is_covered():
    assert {'adr', 'ent', 'dann', 'symnets', 'source_only', 'dacs', 'daformer',
            'mic_daformer'} <= {
        config.split('/')[-1].split('_fcn_')[0] for config in CONFIGS}
    assert {'adr', 'source_only'} <= {
        config.split('/')[-1].split('_deeplabv2_')[0] for config in CONFIGS}
