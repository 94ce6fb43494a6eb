"""Exact resumption: the states of the random number generators in every checkpoint.

mmengine's resume restores the model, the optimisers, the schedulers and the message hub,
not the generators; :class:`RNGStateHook` saves and restores them, each rank's own (what
stays inexact, with dataloader workers: docs/design.md, "Engine internals").
"""
import logging
import random

import numpy as np
import torch
from mmengine.dist import all_gather_object, get_rank, get_world_size
from mmengine.hooks import CheckpointHook, Hook
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


def saves_checkpoint_now(runner) -> bool:
    """Whether a checkpoint hook of ``runner`` saves after the current training iteration
    (the condition of mmengine's ``CheckpointHook.after_train_iter``)."""
    return any(isinstance(hook, CheckpointHook) and not hook.by_epoch and (
        hook.every_n_train_iters(runner, hook.interval, hook.save_begin)
        or (hook.save_last and hook.is_last_train_iter(runner))) for hook in runner.hooks)


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Save every rank's RNG states in every checkpoint; restore each rank's on resume.

    Dropout (ADR's critic, SymNets' heads) draws from torch's generator, the data
    transforms from numpy's (each transform reseeds from it): without this hook a resumed
    run continues from freshly seeded generators and departs from the uninterrupted run.

    ``checkpoint['rng_state']`` is a list indexed by rank. Only rank 0 writes checkpoints,
    so in a run of several processes the ranks gather their states in ``after_train_iter``
    of each iteration a checkpoint hook saves after; this hook's priority (LOW) puts that
    before the checkpoint hook (VERY_LOW). A checkpoint saved at another moment (a best
    checkpoint after validation) holds rank 0's states only.

    The states are restored in ``before_train`` of a resumed run (``runner.iter > 0``),
    after mmengine's own re-seeding in ``Runner.resume`` and after the hooks of higher
    priority; a ``load_from`` start (iteration 0) keeps the seeded generators.
    """

    priority = 'LOW'

    def __init__(self):
        self._loaded_state = None
        self._gathered = None  # (iteration, the states of every rank after it)

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        if get_world_size() > 1 and saves_checkpoint_now(runner):
            self._gathered = (runner.iter, all_gather_object(global_rng_state()))

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        states = [None] * get_world_size()
        if self._gathered is not None and self._gathered[0] == runner.iter:
            states = list(self._gathered[1])
        states[0] = global_rng_state()  # Runner.save_checkpoint runs on rank 0 only
        checkpoint[RNG_STATE_KEY] = states

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self._loaded_state = checkpoint.get(RNG_STATE_KEY)

    def before_train(self, runner) -> None:
        if runner.iter > 0:
            state = self._state_of_this_rank(runner)
            if state is not None:
                set_global_rng_state(state)
        self._loaded_state = None

    def _state_of_this_rank(self, runner):
        """This rank's states in the resumed checkpoint, or None (said in a warning)."""
        saved, rank, world_size = self._loaded_state, get_rank(), get_world_size()
        if saved is None:
            _warn_inexact(f'the resumed checkpoint has no {RNG_STATE_KEY!r} (written without '
                          'this hook): training continues from freshly seeded generators')
            return None
        if isinstance(saved, dict):  # written when checkpoints held rank 0's states only
            saved = [saved]
        if len(saved) != world_size:
            # With per-rank seeds, rank 0's streams on every rank would make every rank
            # draw the same dropout masks: the other ranks keep their fresh seeds.
            shared = not runner.cfg.get('randomness', {}).get('diff_rank_seed')
            fallback = ("every rank continues rank 0's saved streams" if shared else
                        'rank 0 continues its saved streams, the other ranks start from '
                        'fresh per-rank seeds')
            _warn_inexact(f'the resumed checkpoint holds RNG states for {len(saved)} rank(s) '
                          f'and this run has {world_size}: {fallback}')
            return saved[0] if rank == 0 or shared else None
        if saved[rank] is None:
            _warn_inexact(f'the resumed checkpoint holds no RNG state of rank {rank} (it was '
                          "saved outside the checkpoint hook's interval): this rank continues "
                          'from a freshly seeded generator')
        return saved[rank]


def _warn_inexact(reason: str) -> None:
    """Warn that the resumed run will not repeat the uninterrupted one, because of ``reason``."""
    print_log(f'RNGStateHook: {reason}; the resumed run will not repeat an uninterrupted run '
              'exactly.', logger='current', level=logging.WARNING)
