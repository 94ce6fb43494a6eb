"""Stop a diverged run before it writes (or points to) a non-finite checkpoint.

Without this, a run whose loss reaches NaN keeps training, saves checkpoints of NaN
weights as ``last_checkpoint``, reports a validation score and exits 0; with
``max_keep_ckpts`` its good checkpoints are rotated out. :class:`DivergenceHook` stops it:

- after every training iteration it reads the iteration's log values (every loss term)
  from the message hub, where mmengine's ``RuntimeInfoHook`` (priority VERY_HIGH) has
  already turned them into Python floats. That conversion is the host sync mmengine makes
  anyway, so the check adds none: it compares a few floats;
- before a checkpoint is written (``before_save_checkpoint``, which ``Runner.save_checkpoint``
  calls before serialising) it checks every floating tensor of the state dict (mmengine
  has copied it to the CPU already), so non-finite weights behind finite losses are never
  saved either.

Its priority (ABOVE_NORMAL) puts the loss check after ``RuntimeInfoHook`` and before the
checkpoint hook (VERY_LOW) of the same iteration. A stop raises
:class:`DivergenceError` naming the iteration, the terms that went non-finite and the last
good checkpoint (the ``last_checkpoint`` pointer, which the stopped run has not moved).
"""
import math
import os.path as osp

import torch
from mmengine.hooks import Hook

from segda.registry import HOOKS

from .checkpoint import LAST_CHECKPOINT

# How many parameter names a message lists.
SHOWN_NAMES = 3


class DivergenceError(RuntimeError):
    """Training produced a non-finite loss or parameter; the run stopped."""


def last_good_checkpoint(work_dir) -> str:
    """What ``<work_dir>/last_checkpoint`` names, or a phrase saying there is none yet."""
    pointer = osp.join(work_dir, LAST_CHECKPOINT)
    if osp.isfile(pointer):
        with open(pointer) as file:
            return file.read().strip()
    return 'none (no checkpoint was written before)'


def non_finite_tensors(state: dict) -> list:
    """Names of the floating-point tensors of ``state`` holding a NaN or an infinity."""
    names = [name for name, value in state.items()
             if torch.is_tensor(value) and value.is_floating_point()]
    if not names:
        return []
    finite = torch.stack([torch.isfinite(state[name]).all().cpu() for name in names])
    return [name for name, ok in zip(names, finite.tolist()) if not ok]


@HOOKS.register_module()
class DivergenceHook(Hook):
    """Raise :class:`DivergenceError` at the first non-finite loss term or before saving a
    checkpoint with non-finite weights. No arguments."""

    priority = 'ABOVE_NORMAL'

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        values = {key: runner.message_hub.get_scalar(f'train/{key}').current()
                  for key in (outputs or {})}
        bad = {key: value for key, value in values.items() if not math.isfinite(value)}
        if bad:
            terms = ', '.join(f'{key}={value}' for key, value in bad.items())
            self._stop(runner, f'non-finite loss at iteration {runner.iter + 1} ({terms})')

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        bad = non_finite_tensors(checkpoint.get('state_dict', {}))
        if bad:
            shown = ', '.join(bad[:SHOWN_NAMES]) + (
                f' and {len(bad) - SHOWN_NAMES} more' if len(bad) > SHOWN_NAMES else '')
            step = checkpoint.get('meta', {}).get('iter', runner.iter)
            self._stop(runner, f'non-finite weights at iteration {step} ({shown}); '
                               'this checkpoint was not written')

    @staticmethod
    def _stop(runner, what: str) -> None:
        raise DivergenceError(
            f'training diverged: {what}. Last good checkpoint: '
            f'{last_good_checkpoint(runner.work_dir)}. Lower the learning rate or check the '
            'data, then train again or --resume.')
