"""Load a checkpoint's weights only when they fit the model: never evaluate random weights.

mmengine's ``load_from`` loads with ``strict=False``: a checkpoint of another model (a
ResNet-18 into a ResNet-50 config, a state dict of unrelated keys) only logs "missing
keys" / "size mismatch", and the tools then evaluate freshly initialised weights and exit
0. :func:`load_fitting_weights` refuses that: every weight the predictions read must be in
the checkpoint with its shape: those of the modules a method names
(``UDAMethod.prediction_modules``: its ``task``, and SymNets' Ct, ADR's C' or DACS's teacher
when they predict), or the whole model's when it is a bare task model. Weights that only
training uses (a discriminator, DAFormer's frozen backbone) may be absent from or extra in the
checkpoint: evaluation does not use them, and one line says which. :func:`check_resumable` is the
strict form for ``--resume``: every weight of the whole model, method parts included, with
its shape, and nothing else, since the optimisers' states continue with them.
"""
from collections.abc import Mapping

import torch
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from segda.engine.checkpoint import UnreadableCheckpointError, load_local_checkpoint

# How many key names a message lists.
SHOWN_KEYS = 3


class CheckpointMismatchError(ValueError):
    """A checkpoint whose weights do not fit the model of the config (a user error)."""


def _listed(keys) -> str:
    keys = list(keys)
    more = f' and {len(keys) - SHOWN_KEYS} more' if len(keys) > SHOWN_KEYS else ''
    return ', '.join(keys[:SHOWN_KEYS]) + more


def state_dict_of(checkpoint, filename) -> dict:
    """The weights of a loaded checkpoint (``checkpoint['state_dict']`` or a bare state
    dict), with the ``module.`` prefix of wrapped models removed."""
    state = checkpoint.get('state_dict', checkpoint) if isinstance(checkpoint, Mapping) else None
    if not isinstance(state, Mapping) or not any(torch.is_tensor(v) for v in state.values()):
        raise UnreadableCheckpointError(
            f'not a readable checkpoint: {filename!r} holds no state dict of weights; give a '
            'checkpoint written by tools/train.py (<work_dir>/iter_<N>.pth).')
    return {key[len('module.'):] if key.startswith('module.') else key: value
            for key, value in state.items()}


def _missing_and_reshaped(expected: Mapping, state: Mapping, keys) -> tuple:
    """The ``keys`` of ``expected`` absent from ``state``, and those of another shape there
    (each as ``'key (checkpoint (..), model (..))'``)."""
    missing = [key for key in keys if key not in state]
    reshaped = [f'{key} (checkpoint {tuple(state[key].shape)}, model {tuple(expected[key].shape)})'
                for key in keys
                if key in state and torch.is_tensor(state[key])
                and state[key].shape != expected[key].shape]
    return missing, reshaped


def _task_prefix(model) -> str:
    """``'task.'`` for a method (its task model predicts), ``''`` for a bare task model."""
    return 'task.' if isinstance(getattr(model, 'task', None), torch.nn.Module) else ''


def _prediction_prefixes(model) -> tuple:
    """The key prefixes of the weights ``model``'s predictions read: ``('task.', ...)`` for
    a method (``prediction_modules``), ``('',)`` (every weight) for a bare task model."""
    if not callable(getattr(model, 'prediction_modules', None)):
        return ('',)
    return tuple(f'{name}.' for name in model.prediction_modules())


def check_weights_fit(model, state: Mapping, filename) -> None:
    """Raise :class:`CheckpointMismatchError` when a weight that ``model``'s predictions
    read is missing from ``state`` or has another shape there; log one line about the
    weights only training uses."""
    prefixes = _prediction_prefixes(model)
    expected = model.state_dict()
    task_keys = [key for key in expected if key.startswith(prefixes)]
    missing, reshaped = _missing_and_reshaped(expected, state, task_keys)
    if missing or reshaped:
        problems = []
        if missing:
            modules = ', '.join(prefix.rstrip('.') for prefix in prefixes if prefix)
            whose = f' (of {modules})' if modules else ''
            problems.append(f'{len(missing)} of the {len(task_keys)} weights its predictions '
                            f'read{whose} are missing ({_listed(missing)})')
        if reshaped:
            problems.append(f'{len(reshaped)} have another shape ({_listed(reshaped)})')
        raise CheckpointMismatchError(
            f'checkpoint {filename!r} does not fit the model of the config: '
            f'{"; ".join(problems)}. Use the config the checkpoint was trained with.')
    unused = [key for key in state if key not in expected]
    untrained = [key for key in expected if not key.startswith(prefixes) and key not in state]
    if unused or untrained:
        notes = []
        if unused:
            notes.append(f'it also holds {len(unused)} weights this model does not have '
                         f'({_listed(unused)})')
        if untrained:
            notes.append(f'{len(untrained)} weights only training uses are not in it '
                         f'({_listed(untrained)}) and stay as initialised')
        print_log(f'{filename}: the weights predictions read fit; {"; ".join(notes)}. '
                  'Prediction does not use them.', logger='current')


def _parts(keys) -> str:
    """The top-level modules the weight names ``keys`` belong to (``task, discriminator``)."""
    return ', '.join(sorted({key.split('.', 1)[0] for key in keys}))


def check_resumable(model, checkpoint, filename) -> None:
    """Raise :class:`CheckpointMismatchError` unless the weights of ``checkpoint`` are
    exactly those of ``model``, shapes included: what a ``--resume`` needs to continue the
    run. The message names the missing, extra and reshaped weights and, when they differ,
    the model parts of each."""
    state, expected = state_dict_of(checkpoint, filename), model.state_dict()
    missing, reshaped = _missing_and_reshaped(expected, state, list(expected))
    extra = [key for key in state if key not in expected]
    if not (missing or reshaped or extra):
        return
    problems = []
    if missing:
        problems.append(f'{len(missing)} weights of this model are not in it ({_listed(missing)})')
    if extra:
        problems.append(f'{len(extra)} of its weights are not in this model ({_listed(extra)})')
    if reshaped:
        problems.append(f'{len(reshaped)} have another shape ({_listed(reshaped)})')
    if _parts(state) != _parts(expected):
        problems.append(f'its parts: {_parts(state)}; this model\'s: {_parts(expected)}')
    prefix = _task_prefix(model)
    task_fits = not any(key.startswith(prefix) for key in missing + reshaped)
    instead = (f'to start a new run from its task weights, pass --cfg-options '
               f'load_from={filename} instead' if task_fits else
               'its task weights do not fit either: use the config it was trained with')
    raise CheckpointMismatchError(
        f'--resume: {filename!r} cannot continue a run of this config, it holds another '
        f'model: {"; ".join(problems)}. --resume continues the run of the same config; '
        f'{instead}.')


def load_fitting_weights(model, filename, map_location='cpu') -> dict:
    """Load the weights of checkpoint ``filename`` into ``model`` (a model wrapper is
    unwrapped) after :func:`check_weights_fit`; returns the loaded checkpoint."""
    if is_model_wrapper(model):
        model = model.module
    checkpoint = load_local_checkpoint(filename, map_location=map_location)
    state = state_dict_of(checkpoint, filename)
    check_weights_fit(model, state, filename)
    model.load_state_dict(state, strict=False)
    print_log(f'Loaded the weights of {filename}', logger='current')
    return checkpoint
