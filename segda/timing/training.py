"""Time training iterations on preloaded batches (loading is timed apart, see ``loader.py``).

Three variants of one config, with the same task model, inputs and batch size:

- the method, through mmengine's ``Runner.train()`` exactly as ``tools/train.py`` runs it
  (data preprocessor, ``train_step``, optimiser wrappers, every hook of the iteration);
- its SourceOnly twin (:func:`source_only_config`), through the same path;
- a bare PyTorch loop (:func:`time_bare_loop`) on the same modules.
"""
import copy
import itertools
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner

from segda.engine.amp import CLI_DTYPES, DTYPES
from segda.engine.optim import wrapper_configs
from segda.registry import MODELS, OPTIMIZERS
from segda.structures import is_domain_pair

from .measure import IterationClock, Measurement, PeakMemory

_run_ids = itertools.count()


def source_only_config(cfg: Config) -> Config:
    """The SourceOnly twin of a method config: the same task model, data preprocessor, data
    and schedule, and the method's optimisers of G and C (one per part, or the one
    optimiser); a method's own parts (e.g. DANN's discriminator) are left out."""
    if 'task' not in cfg.model:
        raise ValueError(f'model (type {cfg.model.get("type")!r}) has no `task`: the benchmark '
                         'compares a method with SourceOnly on the same task model.')
    twin = copy.deepcopy(cfg)
    twin.model = dict(type='SourceOnly', task=cfg.model.task,
                      data_preprocessor=cfg.model.get('data_preprocessor'))
    if '' not in wrapper_configs(cfg.optim_wrapper):
        missing = sorted({'generator', 'head'} - set(cfg.optim_wrapper))
        if missing:
            raise KeyError(f'optim_wrapper: a per-part optimiser config needs entries for G and '
                           f'C; {missing} missing.')
        twin.optim_wrapper = {key: value for key, value in cfg.optim_wrapper.items()
                              if key in ('constructor', 'generator', 'head')}
    return twin


def first_optimizer(cfg: Config) -> dict:
    """The optimiser config of the one wrapper, or of the first part's (G's)."""
    return next(iter(wrapper_configs(cfg.optim_wrapper).values())).optimizer


class FixedBatches:
    """A train "dataloader" that cycles through batches preloaded from ``loader``; it has
    the loader's ``dataset`` and length (one epoch, for the schedulers), as the Runner needs."""

    def __init__(self, batches: list, loader):
        self.batches = batches
        self.dataset = loader.dataset
        self.epoch_length = len(loader)

    def __iter__(self):
        return itertools.cycle(self.batches)

    def __len__(self):
        return self.epoch_length


class ClockHook(Hook):
    """Ticks an :class:`IterationClock` when each iteration starts and after the last one.
    Registered with the highest priority, so every other hook falls inside the interval."""

    priority = 'HIGHEST'

    def __init__(self, clock: IterationClock):
        self.clock = clock

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.clock.tick()

    def after_train_epoch(self, runner):
        self.clock.tick()


def timing_config(cfg: Config, work_dir: str, name: str, max_iters: int) -> Config:
    """``cfg`` trimmed to ``max_iters`` iterations of training alone: no validation, no
    checkpoint, warnings only in the log, its own work dir and experiment name."""
    cfg = copy.deepcopy(cfg)
    cfg.train_cfg.max_iters = max_iters
    for key in ('val_dataloader', 'val_cfg', 'val_evaluator',
                'test_dataloader', 'test_cfg', 'test_evaluator'):
        cfg[key] = None
    cfg.default_hooks = dict(cfg.get('default_hooks') or {}, checkpoint=None)
    cfg.log_level = 'WARNING'
    cfg.load_from, cfg.resume, cfg.launcher = None, False, 'none'
    cfg.work_dir = work_dir
    cfg.experiment_name = f'benchmark_{name}_{next(_run_ids)}'
    if cfg.get('visualizer') is not None:
        cfg.visualizer.name = cfg.experiment_name
    return cfg


def time_runner(cfg: Config, batches: list, loader, warmup: int, iters: int, device: str,
                name: str, work_dir: str) -> Measurement:
    """``warmup + iters`` iterations of ``Runner.from_cfg(cfg).train()`` on ``batches``
    (preloaded from ``loader``): the times of the last ``iters``, and the peak memory of
    building the runner and training."""
    cfg = timing_config(cfg, work_dir, name, warmup + iters)
    clock = IterationClock(device)
    with PeakMemory(device) as memory:
        runner = Runner.from_cfg(cfg)
        # The loop takes an iterable where the config has a loader dict; mmengine reads it
        # from this attribute when train() builds the loop.
        runner._train_dataloader = FixedBatches(batches, loader)
        runner.register_hook(ClockHook(clock), priority=ClockHook.priority)
        runner.train()
    del runner
    return Measurement.from_clock(name, clock, warmup, memory)


def _labelled_half(batch: dict) -> dict:
    return batch['source'] if is_domain_pair(batch) else batch


def time_bare_loop(cfg: Config, batches: list, warmup: int, iters: int, device: str,
                   amp: Optional[str] = None, name: str = 'bare PyTorch loop') -> Measurement:
    """The task model of ``cfg`` (G = backbone, C = decoder) trained by a plain PyTorch loop
    on the labelled half of ``batches``, ``uint8`` images and labels as a loader gives them:

        x = (images - mean) / std,  y = labels
        optimizer.zero_grad();  loss = F.cross_entropy(C(G(x)), y, ignore_index)
        loss.backward();  optimizer.step()

    with the config's data preprocessor's ``mean``/``std`` and one optimiser over G and C
    with G's settings (:func:`first_optimizer`). ``amp`` (``'bf16'``/``'fp16'``): autocast
    to that dtype, and fp16 scales the loss with a ``GradScaler``. CUDA's
    ``cudnn.benchmark`` is whatever the process has (the Runner sets it from ``env_cfg``).
    """
    preprocessor_cfg = cfg.model.get('data_preprocessor')
    if preprocessor_cfg is None:
        raise KeyError('model.data_preprocessor: the bare loop normalises inputs as the '
                       "config's data preprocessor does; the config has none.")
    data = [(half['inputs'], torch.stack([sample['gt_seg'] for sample in half['data_samples']]))
            for half in map(_labelled_half, batches)]
    device_type = torch.device(device).type
    dtype = DTYPES[CLI_DTYPES[amp]] if amp else None
    clock = IterationClock(device)
    with PeakMemory(device) as memory:
        preprocessor = MODELS.build(preprocessor_cfg).to(device)
        mean, std = preprocessor.mean, preprocessor.std
        memory_format = (torch.channels_last if getattr(preprocessor, 'channels_last', False)
                         else torch.contiguous_format)
        task = MODELS.build(cfg.model.task).to(device, memory_format=memory_format).train()
        generator, head = task.generator, task.head
        optimizer = OPTIMIZERS.build(dict(first_optimizer(cfg), params=task.parameters()))
        scaler = torch.amp.GradScaler(device_type, enabled=dtype is torch.float16)
        for images, labels in itertools.islice(itertools.cycle(data), warmup + iters):
            clock.tick()
            x = (images.to(device, non_blocking=True).float() - mean) / std
            x = x.contiguous(memory_format=memory_format)
            y = labels.to(device, non_blocking=True).long()
            optimizer.zero_grad()
            with torch.autocast(device_type, dtype=dtype, enabled=dtype is not None):
                loss = F.cross_entropy(head(generator(x), x.shape[-2:]), y,
                                       ignore_index=task.ignore_index)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        clock.tick()
    return Measurement.from_clock(name, clock, warmup, memory)
