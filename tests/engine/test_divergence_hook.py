"""A non-finite loss or weight stops the run, naming the iteration, the
terms and the last good checkpoint; no non-finite checkpoint is written or pointed to.
So does a loss term or a weight beyond a bound (a diverging run whose
values stay finite)."""
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MessageHub

from segda.apis import relocate_data_roots
from segda.datasets.classification.digits_demo import generate_digits_demo
from segda.engine.divergence import DivergenceError, DivergenceHook

from helpers.cli import REPO, run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'


class _Runner:
    """What the hook reads from a runner."""

    def __init__(self, work_dir, iteration):
        self.work_dir, self.iter = str(work_dir), iteration
        self.message_hub = MessageHub.get_instance('test_divergence_hook')


def test_finite_losses_pass_and_a_nan_term_stops(tmp_path):
    runner, hook = _Runner(tmp_path, 6), DivergenceHook()
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_6.pth'))
    outputs = dict(loss_task=torch.tensor(1.5), loss_adv=torch.tensor(0.2))
    for key, value in outputs.items():
        runner.message_hub.update_scalar(f'train/{key}', value)
    hook.after_train_iter(runner, 6, outputs=outputs)
    runner.message_hub.update_scalar('train/loss_adv', torch.tensor(float('nan')))
    with pytest.raises(DivergenceError, match=r'iteration 7 \(loss_adv=nan\).*iter_6\.pth'):
        hook.after_train_iter(runner, 6, outputs=outputs)


def test_non_finite_weights_are_never_saved(tmp_path):
    checkpoint = dict(meta=dict(iter=8), state_dict=dict(
        w=torch.ones(3), b=torch.tensor([0.0, float('inf')]), steps=torch.tensor(3)))
    with pytest.raises(DivergenceError, match=r'weights at iteration 8 \(b\).*none'):
        DivergenceHook().before_save_checkpoint(_Runner(tmp_path, 7), checkpoint)
    checkpoint['state_dict']['b'].zero_()
    DivergenceHook().before_save_checkpoint(_Runner(tmp_path, 7), checkpoint)


def test_a_loss_term_beyond_max_loss_stops(tmp_path):
    runner, hook = _Runner(tmp_path, 0), DivergenceHook(max_loss=1e8)
    outputs = dict(loss_source=torch.tensor(2.46), loss_critic_source=torch.tensor(-8.1e13))
    for key, value in outputs.items():
        runner.message_hub.update_scalar(f'train/{key}', value)
    with pytest.raises(DivergenceError, match=r'loss beyond max_loss=1e\+08 at iteration 1 '
                                              r'\(loss_critic_source=-8\.1e\+13\).*none.*'
                                              r'default_hooks\.divergence\.max_loss'):
        hook.after_train_iter(runner, 0, outputs=outputs)
    DivergenceHook(max_loss=1e14).after_train_iter(runner, 0, outputs=outputs)


def test_weights_beyond_max_weight_are_never_saved(tmp_path):
    checkpoint = dict(meta=dict(iter=4), state_dict=dict(
        w=torch.tensor([1.0, -1.5e34]), b=torch.zeros(2), empty=torch.zeros(0)))
    with pytest.raises(DivergenceError, match=r'weights beyond max_weight=1e\+08 at iteration 4 '
                                              r'\(w: 1\.5e\+34\)'):
        DivergenceHook(max_weight=1e8).before_save_checkpoint(_Runner(tmp_path, 3), checkpoint)
    DivergenceHook(max_weight=1e35).before_save_checkpoint(_Runner(tmp_path, 3), checkpoint)


def test_the_bounds_must_be_positive():
    with pytest.raises(ValueError, match='max_loss must be a number > 0'):
        DivergenceHook(max_loss=0)


@pytest.mark.slow
def test_a_diverging_run_stops_before_a_nan_checkpoint(tiny_synthcity, tmp_path):
    """The NaN path alone: the bounds are lifted, so the run writes a checkpoint first."""
    work_dir = tmp_path / 'work'
    result = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--cfg-options',
                      *synthcity_options(CONFIG, tiny_synthcity), 'train_cfg.max_iters=8',
                      'train_cfg.val_interval=8', 'default_hooks.checkpoint.interval=2',
                      'default_hooks.logger.interval=1', 'model.task.decoder.channels=16',
                      'optim_wrapper.optimizer.lr=1e6', 'default_hooks.divergence.max_loss=inf',
                      'default_hooks.divergence.max_weight=inf')
    assert result.returncode == 1, result.stdout[-2000:]
    assert 'training diverged' in result.stderr and 'Traceback' not in result.stderr
    assert 'mIoU' not in result.stdout + result.stderr  # no validation of a NaN model
    pointer = (work_dir / 'last_checkpoint').read_text()
    assert pointer in result.stderr  # the last good checkpoint is named
    for path in work_dir.glob('iter_*.pth'):
        state = torch.load(path, map_location='cpu', weights_only=False)['state_dict']
        assert all(torch.isfinite(v).all() for v in state.values() if v.is_floating_point()), path


@pytest.mark.slow
def test_adr_on_digits_at_lr_1e6_stops_though_no_value_is_nan(tmp_path):
    """ADR's losses reach 1e13 at lr 1e6, finite all along."""
    config = 'configs/classification/adr_digits_demo.py'
    generate_digits_demo(str(tmp_path / 'data'), num_source_train=32, num_source_test=8)
    work_dir = tmp_path / 'work'
    options = relocate_data_roots(Config.fromfile(REPO / config), 'data/digits_demo',
                                  tmp_path / 'data')
    result = run_tool('train.py', config, '--work-dir', work_dir, '--cfg-options', *options,
                      'train_cfg.max_iters=6', 'train_cfg.val_interval=6',
                      'default_hooks.checkpoint.interval=3', 'default_hooks.logger.interval=1',
                      'optim_wrapper.generator.optimizer.lr=1e6',
                      'optim_wrapper.head.optimizer.lr=1e6')
    assert result.returncode == 1, result.stderr[-2000:]
    assert 'training diverged: loss beyond max_loss=1e+08' in result.stderr
    assert 'Traceback' not in result.stderr
    assert 'accuracy' not in result.stdout + result.stderr  # no evaluation of the diverged model
    assert not list(work_dir.glob('iter_*.pth'))
