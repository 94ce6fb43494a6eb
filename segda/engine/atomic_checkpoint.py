"""Checkpoints that are whole or absent: :class:`AtomicCheckpointHook`, mmengine's
``CheckpointHook`` writing through ``segda.engine.checkpoint.atomic_write``, so a killed
run never leaves a truncated ``iter_N.pth`` or pointer behind."""
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook

from segda.registry import HOOKS

from .checkpoint import LAST_CHECKPOINT, AtomicLocalBackend


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

    Given other ``backend_args`` (object storage writes whole objects) it behaves exactly
    as ``CheckpointHook``. Why it overrides ``_save_checkpoint_with_step``: docs/design.md,
    "Engine internals".
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
