"""The machine a benchmark ran on, and its report as markdown tables."""
import os
import platform
from typing import Optional

import mmengine
import torch

from .measure import MIB


def cpu_model() -> str:
    """The CPU's marketing name (Linux /proc/cpuinfo), else what ``platform`` knows."""
    try:
        with open('/proc/cpuinfo') as cpuinfo:
            for line in cpuinfo:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> Optional[float]:
    """The 1-minute load average (processes running or waiting for a core), or None."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def machine_facts(device: str) -> dict:
    """What the timings depend on: processor, cores, threads, GPU, library versions."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    facts = dict(cpu=f'{cpu_model()} ({os.cpu_count()} logical cores, {usable} usable)',
                 usable_cores=usable,
                 torch_threads=torch.get_num_threads(), device=device,
                 software=(f'Python {platform.python_version()}, torch {torch.__version__}, '
                           f'mmengine {mmengine.__version__}; {platform.platform()}'))
    if torch.device(device).type == 'cuda':
        facts['gpu'] = f'{torch.cuda.get_device_name(device)} (CUDA {torch.version.cuda})'
    return facts


def _mib(value) -> str:
    return 'n/a' if value is None else f'{value / MIB:.0f}'


def _verdict(value: float, target) -> str:
    return '-' if target is None else f'<= {target:g}x: {"yes" if value <= target else "NO"}'


def _table(header, rows) -> list:
    return (['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
            + ['| ' + ' | '.join(row) + ' |' for row in rows])


def _load(load: Optional[float]) -> str:
    return 'n/a' if load is None else f'{load:.2f}'


def _busy(report) -> list:
    """A warning when other processes wanted the cores during the run."""
    cores = report.machine['usable_cores']
    loads = [load for load in (report.load_before, report.load_after) if load is not None]
    if not loads or max(loads) <= cores:
        return []
    return [f'**Busy machine**: the load average exceeded the {cores} usable cores, so other '
            'processes took CPU time during the run and the wall-clock figures are unreliable. '
            'Rerun on a quiet machine; meanwhile read the CPU-time ratios (steadiest with '
            '`--threads 1`).', '']


def _header(report) -> list:
    machine = report.machine
    height, width = report.input_size
    gpu = f' ({machine["gpu"]})' if 'gpu' in machine else ''
    return [
        f'## SegDA benchmark: {report.config}', '',
        f'Command: `{report.command}`', '',
        f'- Machine: {machine["cpu"]}; torch threads {machine["torch_threads"]}; device '
        f'{machine["device"]}{gpu}; AMP {report.amp or "off"}',
        f'- Software: {machine["software"]}',
        f'- 1-minute load average: {_load(report.load_before)} before timing training, '
        f'{_load(report.load_after)} after',
        f'- Input: batches of {report.batch_size} '
        f'{"source+target pairs" if report.pairs else "images"} of {width}x{height} '
        f'({report.images_per_iter} images per iteration); per variant {report.warmup} '
        f'warm-up and {report.iters} timed iterations on {len(report.batches)} preloaded '
        'batches (loading is timed apart)', ''] + _busy(report)


def _training(report) -> list:
    cpu = report.cpu_device
    header = ['variant', 's/iter (median)', 'fastest', 'slowest', 'iter/s']
    header += ['CPU s/iter (median)'] if cpu else []
    header += [f'peak memory, MiB ({report.memory_kind})', 'rise during the variant, MiB']
    rows = []
    for m in report.measurements.values():
        row = [m.name, f'{m.median:.3f}', f'{m.fastest:.3f}', f'{m.slowest:.3f}',
               f'{1 / m.median:.2f}']
        row += [f'{m.cpu_median:.3f}'] if cpu else []
        rows.append(row + [_mib(m.memory.peak), _mib(m.memory.rise)])
    ratio_header = (['ratio of medians', 'wall-clock'] + (['CPU time'] if cpu else [])
                    + ['target (on wall-clock)'])
    ratio_rows = []
    for label, numerator, denominator, target in report.ratio_rows():
        wall = report.ratio(numerator, denominator)
        row = [label, f'{wall:.2f}x']
        row += [f'{report.ratio(numerator, denominator, cpu=True):.2f}x'] if cpu else []
        ratio_rows.append(row + [_verdict(wall, target)])
    note = (['', 'CPU time is the process\'s CPU seconds (all threads): on a CPU shared with '
             'other jobs it varies far less than wall-clock, above all with `--threads 1` '
             '(with more threads, a thread waiting for a descheduled peer spins and counts).']
            if cpu else [])
    return _table(header, rows) + [''] + _table(ratio_header, ratio_rows) + note + ['']


def _loader(report) -> list:
    scale = f'{report.loader_scale[0]}x{report.loader_scale[1]}'
    height, width = report.input_size
    rows = []
    for rate in report.loader:
        label = (f'{rate.workers} (config default)' if rate.workers == report.default_workers
                 else f'{rate.workers} (in process)')
        out_h, out_w = rate.output_size
        rows.append([label, f'{rate.samples_per_s:.2f}', f'{rate.images_per_s:.2f}',
                     f'{rate.images_per_s_per_worker:.2f}', f'{out_w}x{out_h}'])
    lines = [f'Train loader on {report.loader_files}: the config\'s train dataset, pipelines '
             f'(Resize to {scale}), sampler and batch size {report.batch_size}, timed after '
             'the first round of batches:', '']
    lines += _table(['workers', 'samples/s', 'images/s', 'images/s per worker', 'output size'],
                    rows)
    lines += ['', f'{report.method} consumes {report.training_images_per_s:.2f} images/s '
              f'({report.images_per_iter} per iteration at {width}x{height}); the loader with '
              f'the config\'s {report.default_workers} workers delivers '
              f'{report.default_loader.images_per_s:.2f} images/s at {scale}: keeps ahead: '
              f'{"yes" if report.keeps_ahead else "NO"}. (Timed one after the other: in '
              'training, loader workers and the model share the CPU cores.)']
    if report.loader_scale[0] * report.loader_scale[1] > width * height:
        lines.append(f'The loader made larger images than training uses ({scale}), which costs '
                     'it more: a "yes" holds a fortiori, a "NO" may not.')
    return lines


def to_markdown(report) -> str:
    """The report (a :class:`segda.timing.run.BenchmarkReport`) as markdown."""
    return '\n'.join(_header(report) + _training(report) + _loader(report)) + '\n'
