"""docs/reliability.md, case 6: a typo in --cfg-options (an unknown top-level key, a hook
argument the hook does not take) stops before training with the closest valid names.
A value with dict(...) is read as a literal, never evaluated."""
import sys

import pytest
from mmengine.config import Config

from segda.apis import load_config
from segda.apis.config import read_config
from segda.apis.config_check import ConfigKeyError, check_hook_arguments

from helpers.cli import REPO, load_tool, run_tool

CONFIG = 'configs/source_only_fcn_synthcity.py'


@pytest.mark.parametrize('option, suggested', [
    ('train_cfgs.max_iters=1', "'train_cfg'"),
    ('randomnes.seed=5', "'randomness'"),
    ('default_hooks.checkpoint.intervl=1', "'interval'"),
])
@pytest.mark.slow
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


def train_tool():
    """tools/train.py as a module (its parse_args reads sys.argv)."""
    return load_tool('train.py')


def test_dict_expressions_in_cfg_options_are_read_and_nothing_is_evaluated(monkeypatch, capsys):
    config, key = 'configs/classification/dann_digits_demo.py', 'train_dataloader.dataset.source'
    pipeline = (f"{key}.pipeline=[dict(type='GreyToRGB'), dict(type=Resize, scale=(32, 32), "
                "keep_ratio=false, note='a b'), {'type': 'PackClsInputs'}]")
    monkeypatch.setattr(sys, 'argv', ['train.py', config, '--cfg-options', pipeline,
                                      'train_cfg.max_iters=5', 'x=a,b'])
    options = train_tool().parse_args().cfg_options
    assert options[f'{key}.pipeline'] == [
        dict(type='GreyToRGB'), dict(type='Resize', scale=(32, 32), keep_ratio=False, note='a b'),
        dict(type='PackClsInputs')]
    assert options['train_cfg.max_iters'] == 5 and options['x'] == ['a', 'b']  # as mmengine's
    del options['x']
    cfg = load_config(config, options)
    assert [step.type for step in cfg.train_dataloader.dataset.source.pipeline] == [
        'GreyToRGB', 'Resize', 'PackClsInputs']

    for bad in ("x=[dict(type=__import__('os').system('echo evaluated'))]", 'x=dict(type=A',
                'x=[dict(**y)]'):
        monkeypatch.setattr(sys, 'argv', ['train.py', config, '--cfg-options', bad])
        with pytest.raises(SystemExit) as stop:
            train_tool().parse_args()
        assert stop.value.code == 2
        captured = capsys.readouterr()
        assert 'argument --cfg-options: cannot read' in captured.err and "quote" in captured.err
        assert 'evaluated' not in captured.out
