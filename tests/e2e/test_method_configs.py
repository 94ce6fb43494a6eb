"""Every SynthCity config trains a few iterations through tools/train.py, logs finite losses
and is evaluated (mIoU). The configs are found by glob, so a new one is covered at once."""
import math
import re

import pytest

from helpers.cli import REPO, run_tool, synthcity_options
from helpers.small_runs import last_train_scalars, small_run_options

pytestmark = pytest.mark.slow

CONFIGS = sorted(path.relative_to(REPO).as_posix() for path in REPO.glob('configs/*_synthcity.py'))
MAX_ITERS = 2


@pytest.mark.parametrize('config', CONFIGS)
def test_config_trains_with_finite_losses_and_is_evaluated(config, tiny_synthcity, tmp_path):
    result = run_tool('train.py', config, '--work-dir', tmp_path, '--cfg-options',
                      *synthcity_options(config, tiny_synthcity),
                      *small_run_options(config, MAX_ITERS))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]

    losses = last_train_scalars(log, MAX_ITERS)
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
