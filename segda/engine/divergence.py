"""Stop a diverged run before it writes (or points to) a non-finite or exploded checkpoint.

Without this, a run whose loss reaches NaN keeps training, saves checkpoints of NaN
weights as ``last_checkpoint``, reports a validation score and exits 0; with
``max_keep_ckpts`` its good checkpoints are rotated out. A run can also diverge without a
NaN: at lr 1e6, ADR on digits reaches losses of 1e17 and weights of 1.5e34, all finite.
:class:`DivergenceHook` stops both:

- after every training iteration it reads the iteration's log values (every loss term)
  from the message hub, where mmengine's ``RuntimeInfoHook`` (priority VERY_HIGH) has
  already turned them into Python floats. That conversion is the host sync mmengine makes
  anyway, so the check adds none: it compares a few floats with ``max_loss``;
- before a checkpoint is written (``before_save_checkpoint``, which ``Runner.save_checkpoint``
  calls before serialising) it takes the largest magnitude of every floating tensor of the
  state dict (mmengine has copied it to the CPU already), so non-finite or exploded weights
  behind plausible losses are never saved either.

Its priority (ABOVE_NORMAL) puts the loss check after ``RuntimeInfoHook`` and before the
checkpoint hook (VERY_LOW) of the same iteration. A stop raises
:class:`DivergenceError` naming the iteration, the terms or weights out of bounds and the
last good checkpoint (the ``last_checkpoint`` pointer, which the stopped run has not moved).
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


def largest_magnitudes(state: dict) -> dict:
    """``{name: max |value|}`` of the non-empty floating-point tensors of ``state``: NaN
    where a tensor holds a NaN, inf where it holds an infinity (one reduction per tensor,
    without a copy)."""
    names = [name for name, value in state.items()
             if torch.is_tensor(value) and value.is_floating_point() and value.numel()]
    if not names:
        return {}
    largest = torch.stack([torch.linalg.vector_norm(state[name].detach(), ord=math.inf).float()
                           .cpu() for name in names])
    return dict(zip(names, largest.tolist()))


def beyond(values: dict, bound: float) -> dict:
    """The entries of ``values`` that are non-finite or larger than ``bound`` in magnitude."""
    return {key: value for key, value in values.items() if not abs(value) <= bound}


def _positive(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f'DivergenceHook: {name} must be a number > 0, got {value!r}')
    return float(value)


@HOOKS.register_module()
class DivergenceHook(Hook):
    """Raise :class:`DivergenceError` at the first loss term that is non-finite or beyond
    ``max_loss`` in magnitude, or before saving a checkpoint with a weight that is.

    Args:
        max_loss: the largest magnitude a logged term of an iteration may take (default
            1e8; the methods' losses are of order 1-100, their weights and ramps below 1).
        max_weight: the largest magnitude a floating tensor of a checkpoint's state dict
            (weights, BatchNorm statistics) may take (default 1e8).
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, max_loss: float = 1e8, max_weight: float = 1e8):
        self.max_loss = _positive('max_loss', max_loss)
        self.max_weight = _positive('max_weight', max_weight)

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        values = {key: runner.message_hub.get_scalar(f'train/{key}').current()
                  for key in (outputs or {})}
        bad = beyond(values, self.max_loss)
        if bad:
            what, hint = self._describe(bad, 'loss', 'max_loss')
            terms = ', '.join(f'{key}={value:.4g}' for key, value in bad.items())
            self._stop(runner, f'{what} at iteration {runner.iter + 1} ({terms})', hint)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        bad = beyond(largest_magnitudes(checkpoint.get('state_dict', {})), self.max_weight)
        if bad:
            what, hint = self._describe(bad, 'weights', 'max_weight')
            listed = [f'{name}: {value:.4g}' if math.isfinite(value) else name
                      for name, value in bad.items()]
            shown = ', '.join(listed[:SHOWN_NAMES]) + (
                f' and {len(bad) - SHOWN_NAMES} more' if len(bad) > SHOWN_NAMES else '')
            step = checkpoint.get('meta', {}).get('iter', runner.iter)
            self._stop(runner, f'{what} at iteration {step} ({shown}); this checkpoint was '
                               'not written', hint)

    def _describe(self, bad: dict, what: str, bound: str) -> tuple:
        """``('non-finite <what>', '')``, or, when every value is finite, ``('<what> beyond
        <bound>=<value>', <how to raise the bound>)``."""
        if not all(math.isfinite(value) for value in bad.values()):
            return f'non-finite {what}', ''
        return (f'{what} beyond {bound}={getattr(self, bound):g}',
                f' (or raise default_hooks.divergence.{bound} if such values are expected)')

    @staticmethod
    def _stop(runner, what: str, hint: str = '') -> None:
        raise DivergenceError(
            f'training diverged: {what}. Last good checkpoint: '
            f'{last_good_checkpoint(runner.work_dir)}. Lower the learning rate or check the '
            f'data{hint}, then train again or --resume.')
