"""Mixed precision for methods with one optimiser per part: autocast plus ONE loss scale.

mmengine's ``AmpOptimWrapper`` owns a ``GradScaler`` and updates it after each of its own
steps. A method that backpropagates one loss into several parts (DANN: G, C and D) must
instead use one scale ``s`` for that backward and update it once:

    backward of s * L  ->  every stepped part: g <- g / s, skip its step if g has inf/NaN
                       ->  one update of s (halved after an overflow, doubled after
                           ``growth_interval`` clean backwards)

A per-part scaler would unscale a part with a scale that did not produce its gradients
and update the scale several times per backward. So here every part's
:class:`MixedPrecisionOptimWrapper` holds the SAME scaler (``share_loss_scaler``, called
by ``PartsOptimWrapperConstructor``); ``UDAMethod.update``/``update_each`` scale, step
the parts and update the scale once. Autocast (``autocast_context``) is entered around
every method's ``train_step`` by ``UDAMethod``.

``dtype='bfloat16'`` (the default of ``tools/train.py --amp``) has float32's exponent
range and needs no scaling: its scaler is disabled. ``'float16'`` scales dynamically.
Both run on CUDA and, to exercise the same code, on the CPU (``torch.amp.GradScaler('cpu')``),
where mmengine's ``AmpOptimWrapper`` refuses to run.
"""
from contextlib import nullcontext
from typing import Iterable, List

import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from segda.registry import OPTIM_WRAPPERS

DTYPES = dict(bfloat16=torch.bfloat16, float16=torch.float16)
CLI_DTYPES = dict(bf16='bfloat16', fp16='float16')
WRAPPER_TYPE = 'segda.MixedPrecisionOptimWrapper'
# What a plain OptimWrapper "shares": scale() returns the loss, update() does nothing.
NO_SCALING = torch.amp.GradScaler('cpu', enabled=False)


@OPTIM_WRAPPERS.register_module()
class MixedPrecisionOptimWrapper(OptimWrapper):
    """An ``OptimWrapper`` with an autocast dtype and a loss scaler that parts may share.

    Args:
        optimizer: the part's optimiser.
        dtype: ``'bfloat16'`` (no loss scaling) or ``'float16'`` (dynamic loss scaling).
        loss_scale: ``'dynamic'``, or a dict of ``torch.amp.GradScaler`` arguments
            (``init_scale``, ``growth_factor``, ``backoff_factor``, ``growth_interval``).
        **kwargs: ``OptimWrapper``'s (e.g. ``clip_grad``).

    ``step()`` unscales (when clipping), clips and steps through the scaler but does NOT
    update the scale: the caller does, once per backward (``UDAMethod.update``).
    """

    def __init__(self, optimizer, dtype: str = 'bfloat16', loss_scale='dynamic', **kwargs):
        super().__init__(optimizer, **kwargs)
        if dtype not in DTYPES:
            raise ValueError(f'MixedPrecisionOptimWrapper: dtype must be one of {sorted(DTYPES)}, '
                             f'got {dtype!r}.')
        if loss_scale != 'dynamic' and not isinstance(loss_scale, dict):
            raise ValueError('MixedPrecisionOptimWrapper: loss_scale must be "dynamic" or a dict '
                             f'of torch.amp.GradScaler arguments, got {loss_scale!r}.')
        params = [p for group in self.optimizer.param_groups for p in group['params']]
        if not params:
            raise ValueError('MixedPrecisionOptimWrapper: the optimiser has no parameters.')
        self.device_type = params[0].device.type
        self.cast_dtype = DTYPES[dtype]
        if (self.device_type == 'cuda' and self.cast_dtype is torch.bfloat16
                and not torch.cuda.is_bf16_supported()):
            raise ValueError('this GPU has no bfloat16 support: use `--amp fp16` '
                             "(optim_wrapper dtype='float16').")
        scaler_args = {} if loss_scale == 'dynamic' else dict(loss_scale)
        self.loss_scaler = torch.amp.GradScaler(
            self.device_type, enabled=self.cast_dtype is torch.float16, **scaler_args)

    def autocast(self):
        """The autocast context of this wrapper's device and dtype."""
        return torch.autocast(self.device_type, dtype=self.cast_dtype)

    def backward(self, loss: torch.Tensor, **kwargs) -> None:
        """Backpropagate ``s * loss``."""
        self.loss_scaler.scale(loss).backward(**kwargs)
        self._inner_count += 1

    def step(self, **kwargs) -> None:
        """Unscale (only to clip), clip, and step unless the gradients hold inf/NaN."""
        if self.clip_grad_kwargs:
            self.loss_scaler.unscale_(self.optimizer)
            self._clip_grad()
        self.loss_scaler.step(self.optimizer, **kwargs)

    def update_params(self, loss: torch.Tensor, step_kwargs=None, zero_kwargs=None) -> None:
        """mmengine's single-optimiser update, plus the scale update after a step (used alone,
        this wrapper is the only one behind its backward)."""
        super().update_params(loss, step_kwargs, zero_kwargs)
        if self.should_update():
            self.loss_scaler.update()

    def state_dict(self) -> dict:
        """The optimiser's state plus the loss scaler's (``loss_scaler``)."""
        return dict(super().state_dict(), loss_scaler=self.loss_scaler.state_dict())

    def load_state_dict(self, state_dict: dict) -> None:
        state_dict = dict(state_dict)
        scaler_state = state_dict.pop('loss_scaler', None)
        if scaler_state:
            self.loss_scaler.load_state_dict(scaler_state)
        super().load_state_dict(state_dict)


def _check_wrapper(wrapper) -> None:
    """Reject wrappers with their own scaler policy (mmengine's ``AmpOptimWrapper`` updates
    its scale inside ``step``, once per part)."""
    if hasattr(wrapper, 'loss_scaler') and not isinstance(wrapper, MixedPrecisionOptimWrapper):
        raise TypeError(f'{type(wrapper).__name__} updates its loss scale in every step(); '
                        f"SegDA's methods need one scale per backward: use type='{WRAPPER_TYPE}' "
                        '(what `tools/train.py --amp` sets).')


def share_loss_scaler(wrappers: Iterable[OptimWrapper]) -> None:
    """Give all parts' wrappers the first one's loss scaler (and check they agree)."""
    wrappers = list(wrappers)
    for wrapper in wrappers:
        _check_wrapper(wrapper)
    mixed = [w for w in wrappers if isinstance(w, MixedPrecisionOptimWrapper)]
    if not mixed:
        return
    if len(mixed) != len(wrappers) or len({w.cast_dtype for w in mixed}) != 1:
        raise ValueError(f"mixed precision must be configured alike for every part: give each "
                         f"part type='{WRAPPER_TYPE}' with the same dtype (or use "
                         '`tools/train.py --amp`).')
    for wrapper in mixed[1:]:
        wrapper.loss_scaler = mixed[0].loss_scaler


def shared_loss_scaler(wrappers: List[OptimWrapper]) -> torch.amp.GradScaler:
    """The one scaler behind a backward into ``wrappers``' parts (``NO_SCALING`` for plain
    ``OptimWrapper``s)."""
    scalers = set()
    for wrapper in wrappers:
        _check_wrapper(wrapper)
        scalers.add(getattr(wrapper, 'loss_scaler', NO_SCALING))
    if len(scalers) != 1:
        raise ValueError('the parts stepped by one backward have different loss scalers; build '
                         'them with PartsOptimWrapperConstructor (it shares one scaler) and the '
                         'same optimiser wrapper type for every part.')
    return scalers.pop()


def autocast_context(optim_wrapper):
    """Autocast for a training step with ``optim_wrapper`` (an ``OptimWrapper`` or an
    ``OptimWrapperDict``); a no-op without mixed precision."""
    wrappers = (optim_wrapper.values() if isinstance(optim_wrapper, OptimWrapperDict)
                else (optim_wrapper,))
    for wrapper in wrappers:
        if isinstance(wrapper, MixedPrecisionOptimWrapper):
            return wrapper.autocast()
    return nullcontext()

