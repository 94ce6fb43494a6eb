"""docs/reliability.md, case 6: a typo in --cfg-options (an unknown top-level key, a hook
argument the hook does not take) stops before training with the closest valid names."""
import pytest
from mmengine.config import Config

from segda.apis.config import read_config
from segda.apis.config_check import ConfigKeyError, check_hook_arguments

from cli_helpers import REPO, run_tool

CONFIG = 'configs/source_only_fcn_synthcity.py'


@pytest.mark.parametrize('option, suggested', [
    ('train_cfgs.max_iters=1', "'train_cfg'"),
    ('randomnes.seed=5', "'randomness'"),
    ('default_hooks.checkpoint.intervl=1', "'interval'"),
])
def test_typo_stops_before_anything_is_built(option, suggested, tmp_path):
    result = run_tool('train.py', CONFIG, '--work-dir', tmp_path / 'work',
                      '--cfg-options', option)
    assert result.returncode == 1, result.stdout[-2000:]
    assert option.split('=')[0] in result.stderr and f'did you mean {suggested}' in result.stderr
    assert 'Traceback' not in result.stderr
    assert not (tmp_path / 'work').exists()  # stopped before the Runner made its work dir


def test_custom_hook_arguments_are_checked():
    cfg = Config(dict(custom_hooks=[dict(type='ShowPredictionsHook', out_dir='x', opacty=0.3)]))
    with pytest.raises(ConfigKeyError, match=r"custom_hooks\[0\]\.opacty.*'opacity'"):
        check_hook_arguments(cfg)


@pytest.mark.parametrize('config', sorted(p.relative_to(REPO) for p in REPO.glob('configs/**/*.py')
                                           if '_base_' not in p.parts))
def test_every_shipped_config_passes(config):
    check_hook_arguments(read_config(REPO / config))
