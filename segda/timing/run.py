"""One benchmark run of a config: training iteration times, framework overhead, loader speed.

On one machine, in one process:

    method ratio        = t(method iteration) / t(SourceOnly iteration)      (target: ADR <= 6x)
    framework overhead  = t(SegDA SourceOnly iteration) / t(bare PyTorch loop) (target <= 1.10x)
    loader keeps ahead  = images/s of the train loader with the config's workers
                          >= images/s the method consumes

with t the median seconds per iteration (``training.py``) on the same preloaded batches,
and the loader timed on GTA5-sized files (``loader.py``).
"""
import copy
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from mmengine.config import Config
from mmengine.device import get_device
from mmengine.registry import init_default_scope
from mmengine.utils.dl_utils import set_multi_processing

from segda.apis import enable_amp

from .loader import (
    GTA5_SIZE,
    LoaderRate,
    count_images,
    count_samples,
    input_size,
    loader_config,
    loader_throughput,
    point_dataset_at,
    preload_batches,
    with_resize_scale,
    write_benchmark_data,
)
from .measure import Measurement
from .report import load_average, machine_facts
from .training import source_only_config, time_bare_loop, time_runner

OVERHEAD_TARGET = 1.10
# Iteration cost relative to SourceOnly: ADR needs about 5.7 generator passes (Step 1, the
# no-grad pass of Step 2 on both domains, n = 4 passes of Step 3); ENT runs the same loop.
METHOD_RATIO_TARGETS = dict(ADR=6.0, ENT=6.0)
PRELOADED_BATCHES = 2
LOADER_SCALE = (1024, 512)


@dataclass
class BenchmarkReport:
    """Everything :func:`run_benchmark` measured (``report.to_markdown`` prints it)."""

    config: str
    command: str
    method: str
    amp: Optional[str]
    warmup: int
    iters: int
    machine: dict
    load_before: Optional[float]
    batches: list = field(repr=False)
    measurements: Dict[str, Measurement] = field(default_factory=dict)
    loader: List[LoaderRate] = field(default_factory=list)
    default_workers: int = 0
    loader_scale: tuple = LOADER_SCALE
    loader_files: str = ''
    load_after: Optional[float] = None

    @property
    def pairs(self) -> bool:
        return count_images(self.batches[0]) > count_samples(self.batches[0])

    @property
    def batch_size(self) -> int:
        return count_samples(self.batches[0])

    @property
    def images_per_iter(self) -> int:
        return count_images(self.batches[0])

    @property
    def input_size(self) -> tuple:
        return input_size(self.batches[0])

    @property
    def memory_kind(self) -> str:
        return next(iter(self.measurements.values())).memory.kind

    @property
    def cpu_device(self) -> bool:
        return self.machine['device'] == 'cpu'

    def ratio(self, numerator: str, denominator: str, cpu: bool = False) -> float:
        """Ratio of two variants' median seconds per iteration (wall-clock, or CPU)."""
        first, second = self.measurements[numerator], self.measurements[denominator]
        return first.cpu_median / second.cpu_median if cpu else first.median / second.median

    @property
    def method_ratio(self) -> float:
        return self.ratio('method', 'source_only')

    @property
    def method_ratio_target(self) -> Optional[float]:
        return METHOD_RATIO_TARGETS.get(self.method)

    @property
    def overhead(self) -> float:
        return self.ratio('source_only', 'bare')

    def ratio_rows(self) -> List[tuple]:
        """``(label, numerator, denominator, target or None)`` of the reported ratios."""
        return [(f'{self.method} / SourceOnly per iteration', 'method', 'source_only',
                 self.method_ratio_target),
                ('SegDA SourceOnly / bare PyTorch loop (framework overhead)', 'source_only',
                 'bare', OVERHEAD_TARGET)]

    @property
    def training_images_per_s(self) -> float:
        return self.images_per_iter / self.measurements['method'].median

    @property
    def default_loader(self) -> LoaderRate:
        return next(rate for rate in self.loader if rate.workers == self.default_workers)

    @property
    def keeps_ahead(self) -> bool:
        return self.default_loader.images_per_s >= self.training_images_per_s


def check_arguments(device: str, iters: int, warmup: int) -> None:
    """Raise a clear error for settings the benchmark cannot measure."""
    if iters < 1 or warmup < 0:
        raise ValueError(f'--iters must be >= 1 and --warmup >= 0, got {iters} and {warmup}.')
    if device != get_device():
        raise ValueError(f'device {device!r}: mmengine puts models on {get_device()!r} in this '
                         "process; to time the CPU of a CUDA machine set CUDA_VISIBLE_DEVICES='' "
                         'before importing torch (tools/time_iterations.py --device cpu does).')


def run_benchmark(cfg: Config, config: str, command: str, device: str = 'cpu', iters: int = 10,
                  warmup: int = 3, amp: Optional[str] = None, loader_batches: int = 8,
                  loader_scale: Sequence[int] = LOADER_SCALE,
                  image_size: Sequence[int] = GTA5_SIZE,
                  images_per_domain: int = 4) -> BenchmarkReport:
    """Measure ``cfg`` (module docstring).

    Args:
        cfg: the loaded config (``--cfg-options`` applied).
        config, command: the config path and command line, for the report.
        device: ``'cpu'`` or ``'cuda'``, where mmengine puts the model in this process.
        iters, warmup: timed and untimed iterations per variant.
        amp: None, or mixed precision as ``tools/train.py --amp`` sets it: ``'bf16'`` or
            ``'fp16'``.
        loader_batches: at least this many batches timed per worker count.
        loader_scale: (W, H) the loader's Resize produces (GTA5 configs: 1024 x 512).
        image_size, images_per_domain: (W, H) and number of the images written.
    """
    check_arguments(device, iters, warmup)
    init_default_scope(cfg.get('default_scope', 'segda'))
    variants = dict(method=copy.deepcopy(cfg), source_only=source_only_config(cfg))
    if amp:
        for variant in variants.values():
            enable_amp(variant, amp)
    with tempfile.TemporaryDirectory(prefix='segda_benchmark_') as tmp:
        data_root, work_dir = Path(tmp) / 'data', Path(tmp) / 'work'
        dataset_cfg = point_dataset_at(cfg.train_dataloader.dataset, data_root)
        png_bytes = write_benchmark_data(data_root, images_per_domain, image_size)
        batches, loader = preload_batches(dict(cfg.train_dataloader, dataset=dataset_cfg),
                                          PRELOADED_BATCHES)
        report = BenchmarkReport(config=config, command=command, method=cfg.model.type, amp=amp,
                                 warmup=warmup, iters=iters, machine=machine_facts(device),
                                 load_before=load_average(), batches=batches)
        names = dict(method=f'{cfg.model.type} (SegDA Runner)',
                     source_only='SourceOnly (SegDA Runner)')
        for key, variant in variants.items():
            report.measurements[key] = time_runner(variant, batches, loader, warmup, iters,
                                                   device, names[key], str(work_dir / key))
        # After the runners: the process has the config's cudnn.benchmark (Runner.setup_env).
        report.measurements['bare'] = time_bare_loop(cfg, batches, warmup, iters, device, amp)
        report.load_after = load_average()

        set_multi_processing(**cfg.env_cfg.get('mp_cfg', {}), distributed=False)
        loader_dataset = with_resize_scale(dataset_cfg, loader_scale)
        report.default_workers = cfg.train_dataloader.num_workers
        report.loader_scale = tuple(loader_scale)
        report.loader_files = (f'PNGs of {image_size[0]}x{image_size[1]} '
                               f'({images_per_domain} per domain, {png_bytes / 1e6:.2f} MB each '
                               'on average)')
        for workers in sorted({0, report.default_workers}):
            loader_cfg = loader_config(cfg.train_dataloader, loader_dataset, workers,
                                       pin_memory=device == 'cuda')
            report.loader.append(loader_throughput(loader_cfg, loader_batches))
    return report
