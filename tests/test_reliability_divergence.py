"""Issue 13, item 3: a non-finite loss or weight stops the run, naming the iteration, the
terms and the last good checkpoint; no non-finite checkpoint is written or pointed to."""
import pytest
import torch
from mmengine.logging import MessageHub

from segda.engine.divergence import DivergenceError, DivergenceHook

from cli_helpers import run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'


class _Runner:
    """What the hook reads from a runner."""

    def __init__(self, work_dir, iteration):
        self.work_dir, self.iter = str(work_dir), iteration
        self.message_hub = MessageHub.get_instance('test_reliability_divergence')


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


@pytest.mark.slow
def test_a_diverging_run_stops_before_a_nan_checkpoint(tiny_synthcity, tmp_path):
    work_dir = tmp_path / 'work'
    result = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--cfg-options',
                      *synthcity_options(CONFIG, tiny_synthcity), 'train_cfg.max_iters=8',
                      'train_cfg.val_interval=8', 'default_hooks.checkpoint.interval=2',
                      'default_hooks.logger.interval=1', 'model.task.decoder.channels=16',
                      'optim_wrapper.optimizer.lr=1e6')
    assert result.returncode == 1, result.stdout[-2000:]
    assert 'training diverged' in result.stderr and 'Traceback' not in result.stderr
    assert 'mIoU' not in result.stdout + result.stderr  # no validation of a NaN model
    pointer = (work_dir / 'last_checkpoint').read_text()
    assert pointer in result.stderr  # the last good checkpoint is named
    for path in work_dir.glob('iter_*.pth'):
        state = torch.load(path, map_location='cpu', weights_only=False)['state_dict']
        assert all(torch.isfinite(v).all() for v in state.values() if v.is_floating_point()), path
