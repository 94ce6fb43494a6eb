"""Hooks for exact resumption: RNG states in checkpoints, atomic checkpoint files.

mmengine's resume restores the model, the optimiser of every part (``OptimWrapperDict``),
the parameter schedulers and the message hub, but not the random number generators, and
its ``CheckpointHook`` writes onto the final file names. With the two hooks below (and
``segda.engine.loops.ResumableIterBasedTrainLoop``), N iterations + resume + N iterations
give the parameters of 2N iterations straight, bit for bit on a CPU in deterministic mode
(tests/test_resume.py).

Limits, stated plainly:
- With ``num_workers > 0`` the dataloader workers are seeded by mmengine's
  ``worker_init_fn`` when they start, so after a resume the augmentations of the workers
  (RandomFlip, RandomCrop, which draw from the worker's ``np.random``) restart their
  streams instead of continuing them. The order of the samples is still exact; only
  ``num_workers=0`` (augmentations drawn in the main process) is exact bit for bit.
- The checkpoint holds the generators of the process that writes it (rank 0;
  ``Runner.save_checkpoint`` runs there alone). With ``randomness.diff_rank_seed=True``
  (SegDA's default: dropout masks and augmentations differ across ranks) only rank 0
  restores them; the other ranks keep the per-rank seeds ``Runner.resume`` gave them, so
  they stay distinct (restoring rank 0's streams everywhere would make every rank draw
  the same masks). With shared seeds every rank restores them. A single process, or
  rank 0, continues its streams exactly.
"""
import logging
import os.path as osp
import random

import numpy as np
import torch
from mmengine.dist import get_rank, is_main_process
from mmengine.hooks import CheckpointHook, Hook
from mmengine.logging import print_log

from segda.registry import HOOKS

from .checkpoint import LAST_CHECKPOINT, AtomicLocalBackend

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


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """mmengine's ``CheckpointHook`` that never leaves a truncated checkpoint behind.

    Same arguments and files as ``CheckpointHook``; three differences for local folders:

    1. ``iter_N.pth`` (and ``best_*.pth``) go through the ``'atomic_local'`` file backend
       (``segda.engine.checkpoint.AtomicLocalBackend``): temporary file, fsync,
       ``os.replace``;
    2. the ``last_checkpoint`` pointer is replaced the same way, after the checkpoint it
       names is complete;
    3. the checkpoint that falls out of ``max_keep_ckpts`` is deleted after the new one
       is written, not before (mmengine's order loses the only checkpoint when
       ``max_keep_ckpts=1`` and the write fails).

    Why a hook: ``Runner.save_checkpoint`` serialises the checkpoint and calls the
    ``before_save_checkpoint`` hooks, so it is kept as is and handed the atomic backend
    through the hook's ``backend_args``; but the pointer is written with a bare ``open``
    and the eviction happens inside ``CheckpointHook._save_checkpoint_with_step``, so that
    method is the one place that orders all three writes. Given other ``backend_args``
    (object storage writes whole objects) it behaves exactly as ``CheckpointHook``.
    """

    def __init__(self, *args, backend_args=None, file_client_args=None, **kwargs):
        if backend_args is None and file_client_args is None:
            backend_args = dict(backend='atomic_local')
        super().__init__(*args, backend_args=backend_args, file_client_args=file_client_args,
                         **kwargs)

    def _save_checkpoint_with_step(self, runner, step, meta):
        if not isinstance(self.file_backend, AtomicLocalBackend):
            return super()._save_checkpoint_with_step(runner, step, meta)
        evicted = None
        if self.max_keep_ckpts > 0 and not (self.keep_ckpt_ids and
                                            self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                evicted = self.keep_ckpt_ids.popleft()
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids', list(self.keep_ckpt_ids))

        filename = self.filename_tmpl.format(step)
        self.last_ckpt = self.file_backend.join_path(self.out_dir, filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        runner.save_checkpoint(self.out_dir, filename, self.file_client_args,
                               save_optimizer=self.save_optimizer,
                               save_param_scheduler=self.save_param_scheduler, meta=meta,
                               by_epoch=self.by_epoch, backend_args=self.backend_args,
                               **self.args)
        if not is_main_process():
            return
        self.file_backend.put_text(self.last_ckpt, osp.join(runner.work_dir, LAST_CHECKPOINT))
        if evicted is not None:
            path = self.file_backend.join_path(self.out_dir, self.filename_tmpl.format(evicted))
            if self.file_backend.isfile(path):
                self.file_backend.remove(path)
            elif self.file_backend.isdir(path):
                self.file_backend.rmtree(path)
