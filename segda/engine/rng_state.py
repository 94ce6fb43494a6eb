"""Exact resumption: the states of the random number generators in every checkpoint.

mmengine's resume restores the model, the optimisers, the schedulers and the message hub,
not the generators; :class:`RNGStateHook` saves and restores them (what stays inexact, with
dataloader workers or per-rank seeds: docs/design.md, "Engine internals").
"""
import logging
import random

import numpy as np
import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.logging import print_log

from segda.registry import HOOKS

RNG_STATE_KEY = 'rng_state'


def global_rng_state() -> dict:
    """The states of Python's ``random``, numpy's global generator and torch (CPU, CUDA).

    Plain Python values and uint8 tensors only, so the weights-only checkpoint loader
    (``segda.engine.checkpoint``) reads them back.
    """
    numpy_state = np.random.get_state(legacy=False)
    state = dict(python=random.getstate(),
                 numpy=dict(bit_generator=numpy_state['bit_generator'],
                            key=numpy_state['state']['key'].tolist(),
                            pos=int(numpy_state['state']['pos']),
                            has_gauss=int(numpy_state['has_gauss']),
                            gauss=float(numpy_state['gauss'])),
                 torch=torch.get_rng_state())
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def set_global_rng_state(state: dict) -> None:
    """Restore what :func:`global_rng_state` returned (tensors may be on any device)."""
    random.setstate(state['python'])
    numpy_state = state['numpy']
    np.random.set_state(dict(
        bit_generator=numpy_state['bit_generator'],
        state=dict(key=np.asarray(numpy_state['key'], dtype=np.uint32), pos=numpy_state['pos']),
        has_gauss=numpy_state['has_gauss'], gauss=numpy_state['gauss']))
    torch.set_rng_state(state['torch'].cpu())
    if 'cuda' in state and torch.cuda.is_available():
        for device, device_state in enumerate(state['cuda'][:torch.cuda.device_count()]):
            torch.cuda.set_rng_state(device_state.cpu(), device)


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Save the RNG states in every checkpoint; restore them when training resumes.

    Dropout (ADR's critic, SymNets' heads) draws from torch's generator, the data
    transforms from numpy's (each transform reseeds from it): without this hook a resumed
    run continues from freshly seeded generators and departs from the uninterrupted run.

    The states are restored in ``before_train`` of a resumed run (``runner.iter > 0``),
    after every other hook (lowest priority) and after mmengine's own re-seeding in
    ``Runner.resume``; a ``load_from`` start (iteration 0) keeps the seeded generators.
    """

    priority = 'LOWEST'

    def __init__(self):
        self._loaded_state = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint[RNG_STATE_KEY] = global_rng_state()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self._loaded_state = checkpoint.get(RNG_STATE_KEY)

    def before_train(self, runner) -> None:
        if runner.iter > 0:
            if self._loaded_state is None:
                print_log(f'RNGStateHook: the resumed checkpoint has no {RNG_STATE_KEY!r} '
                          '(written without this hook); training continues from freshly '
                          'seeded generators and will not repeat an uninterrupted run exactly.',
                          logger='current', level=logging.WARNING)
            elif get_rank() == 0 or not runner.cfg.get('randomness', {}).get('diff_rank_seed'):
                set_global_rng_state(self._loaded_state)
        self._loaded_state = None
