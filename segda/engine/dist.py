"""Data-parallel training of any method: one process per device, identical models.

:func:`distributed` starts the process group before mmengine's Runner (NCCL on CUDA, gloo
on the CPU); :class:`UDADistributedWrapper` copies rank 0's parameters and buffers to every
rank at the start and its buffers after every iteration; ``UDAMethod.update`` calls
:func:`average_gradients` on exactly the parameters it steps, so each step uses the
gradient of the global batch, ``g = (1 / W) sum_r g_r``. Why not torch's DDP or mmengine's
wrappers: docs/design.md, "Engine internals".
"""
import datetime
from contextlib import contextmanager
from typing import Iterable, Optional

import torch
from mmengine.dist import all_reduce_params, broadcast, get_world_size, init_dist
from torch import distributed as torch_dist
from torch import nn
from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

from segda.registry import MODEL_WRAPPERS

LAUNCHERS = ('none', 'pytorch', 'slurm')
BUCKET_SIZE_MB = 25  # gradients all-reduced together, as torch DDP's default bucket


def choose_backend(requested: Optional[str], cuda_available: bool) -> str:
    """``requested`` if given, else NCCL with CUDA and gloo without; NCCL needs CUDA."""
    backend = requested or ('nccl' if cuda_available else 'gloo')
    if backend == 'nccl' and not cuda_available:
        raise ValueError("env_cfg.dist_cfg.backend='nccl' needs CUDA GPUs; none is available. "
                         "Remove the key (gloo is chosen on the CPU) or set backend='gloo'.")
    return backend


@contextmanager
def distributed(launcher: str, dist_cfg: Optional[dict] = None):
    """Start the default process group for ``launcher`` (``'none'`` starts nothing) and
    destroy it on exit, also after an error.

    ``dist_cfg`` is the config's ``env_cfg.dist_cfg``: ``backend`` (optional, see
    :func:`choose_backend`) and ``init_process_group`` arguments (``timeout`` in seconds).
    Start processes with ``tools/dist_train.sh`` (torchrun: ``--launcher pytorch``) or
    ``tools/slurm_train.sh`` (srun: ``--launcher slurm``, CUDA only).
    """
    if launcher not in LAUNCHERS:
        raise ValueError(f'--launcher must be one of {LAUNCHERS}, got {launcher!r}.')
    if launcher != 'none':
        _init(launcher, dict(dist_cfg or {}))
    try:
        yield
    finally:
        if torch_dist.is_available() and torch_dist.is_initialized():
            torch_dist.destroy_process_group()


def _init(launcher: str, dist_cfg: dict) -> None:
    cuda = torch.cuda.is_available()
    backend = choose_backend(dist_cfg.pop('backend', None), cuda)
    if cuda:
        init_dist(launcher, backend=backend, **dist_cfg)
        return
    if launcher != 'pytorch':
        raise ValueError(f'--launcher {launcher} needs CUDA GPUs; on the CPU start the processes '
                         'with tools/dist_train.sh (torchrun, --launcher pytorch).')
    if 'timeout' in dist_cfg:
        dist_cfg['timeout'] = datetime.timedelta(seconds=dist_cfg['timeout'])
    torch_dist.init_process_group(backend=backend, **dist_cfg)


def average_gradients(params: Iterable[torch.Tensor]) -> None:
    """Replace each gradient by its mean over the ranks: ``g <- (1 / W) sum_r g_r``.

    Parameters without a gradient are skipped; which ones have one is decided by the
    method's code and the parts stepped, hence the same on every rank. A no-op in a
    single process.
    """
    grads = [param.grad for param in params if param.grad is not None]
    all_reduce_params(grads, bucket_size_mb=BUCKET_SIZE_MB, op='mean')


def broadcast_tensors(tensors: Iterable[torch.Tensor], src: int = 0) -> None:
    """Overwrite ``tensors`` in place with rank ``src``'s values, one collective per dtype."""
    if get_world_size() == 1:
        return
    buckets = {}
    for tensor in tensors:
        buckets.setdefault((tensor.dtype, tensor.device), []).append(tensor.data)
    for bucket in buckets.values():
        flat = _flatten_dense_tensors(bucket)
        broadcast(flat, src)
        for tensor, synced in zip(bucket, _unflatten_dense_tensors(flat, bucket)):
            tensor.copy_(synced)


@MODEL_WRAPPERS.register_module()
class UDADistributedWrapper(nn.Module):
    """Data-parallel wrapper of a ``UDAMethod`` (see the module docstring).

    Use it with ``model_wrapper_cfg = dict(type='segda.UDADistributedWrapper')`` (the
    scope is named because mmengine looks wrappers up in its root registry).

    Args:
        module: the method.
        broadcast_buffers: copy rank 0's buffers to all ranks after every training step.
    """

    def __init__(self, module: nn.Module, broadcast_buffers: bool = True):
        super().__init__()
        self.module = module
        self.broadcast_buffers = broadcast_buffers
        broadcast_tensors([*module.parameters(), *module.buffers()])

    def train_step(self, data, optim_wrapper) -> dict:
        """The method's ``train_step`` (it averages gradients), then rank 0's buffers."""
        log_vars = self.module.train_step(data, optim_wrapper)
        if self.broadcast_buffers:
            # Collected per call: module.to() / _apply() replace buffer tensors.
            broadcast_tensors(self.module.buffers())
        return log_vars

    def val_step(self, data) -> list:
        return self.module.val_step(data)

    def test_step(self, data) -> list:
        return self.module.test_step(data)

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)
