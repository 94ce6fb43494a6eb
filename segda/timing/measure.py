"""Wall-clock time per iteration and peak memory of a measured region, on the CPU or CUDA.

Iteration time is the interval between the starts of two consecutive iterations, so it
holds everything the loop does (hooks, logging, the optimiser), not just the model:

    t_i = s_{i+1} - s_i,    s_i = the clock when iteration i starts (after the last: its end)

On CUDA each stamp first waits for the kernels already queued (``synchronize``): the time
is charged to the iteration that queued the work. Each stamp also reads the CPU time of
the process (all threads): on a CPU shared with other jobs, CPU seconds per iteration vary
much less than wall-clock seconds (idle threads spinning still count, so it is no lower
bound), and their ratios are the steadier estimate; on CUDA they count only host work.
"""
import ctypes
import gc
import statistics
import time
from dataclasses import dataclass, field
from typing import List, Optional

import torch

MIB = 2 ** 20


def synchronize(device: str) -> None:
    """Wait for the queued CUDA kernels of ``device``; nothing to wait for on the CPU."""
    if torch.device(device).type == 'cuda':
        torch.cuda.synchronize(device)


def _intervals(stamps: List[float], warmup: int) -> List[float]:
    return [end - start for start, end in zip(stamps, stamps[1:])][warmup:]


class IterationClock:
    """Stamps at the start of every iteration and one after the last (module docstring)."""

    def __init__(self, device: str):
        self.device = device
        self.wall: List[float] = []
        self.cpu: List[float] = []

    def tick(self) -> None:
        synchronize(self.device)
        self.wall.append(time.perf_counter())
        self.cpu.append(time.process_time())

    def seconds(self, warmup: int) -> List[float]:
        """Wall-clock iteration times after the first ``warmup`` iterations."""
        return _intervals(self.wall, warmup)

    def cpu_seconds(self, warmup: int) -> List[float]:
        """CPU times of the process per iteration after the first ``warmup``."""
        return _intervals(self.cpu, warmup)


def _proc_status_kib(key: str) -> Optional[int]:
    """A ``kB`` field of /proc/self/status (Linux), else None."""
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith(key + ':'):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    """Give freed heap back to the OS, then reset the process's peak RSS (VmHWM) to its
    current RSS (Linux >= 4.0: write 5 to /proc/self/clear_refs). False where impossible."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: freed memory may stay resident and count at the start
    try:
        with open('/proc/self/clear_refs', 'w') as clear_refs:
            clear_refs.write('5')
    except OSError:
        return False
    return _proc_status_kib('VmHWM') is not None


@dataclass
class PeakMemory:
    """Peak memory of the ``with`` block.

    CUDA: ``torch.cuda.max_memory_allocated`` (tensors only, reset on entry). CPU: the peak
    resident set of the whole process (VmHWM, reset on entry): Python, libraries and
    whatever was already in memory count too, so ``rise`` (peak minus the resident set
    on entry) is the better figure for the block itself. A rough figure: freed memory
    the allocator keeps is counted. ``peak``/``rise`` stay None where it cannot be read
    (a CPU without /proc).
    """

    device: str
    kind: str = field(init=False, default='')
    start: Optional[int] = field(init=False, default=None)
    peak: Optional[int] = field(init=False, default=None)

    @property
    def rise(self) -> Optional[int]:
        return None if self.peak is None else self.peak - self.start

    def __enter__(self):
        gc.collect()
        if torch.device(self.device).type == 'cuda':
            self.kind = 'CUDA max_memory_allocated'
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats(self.device)
            self.start = torch.cuda.memory_allocated(self.device)
        else:
            self.kind = 'process peak RSS (VmHWM)'
            if _reset_peak_rss():
                self.start = _proc_status_kib('VmRSS') * 1024
        return self

    def __exit__(self, *exc_info):
        if torch.device(self.device).type == 'cuda':
            self.peak = torch.cuda.max_memory_allocated(self.device)
        elif self.start is not None:
            self.peak = _proc_status_kib('VmHWM') * 1024
        return False


@dataclass
class Measurement:
    """Iteration times (wall-clock and CPU seconds) and peak memory of one variant."""

    name: str
    seconds: List[float]
    cpu_seconds: List[float]
    memory: PeakMemory

    @classmethod
    def from_clock(cls, name: str, clock: IterationClock, warmup: int, memory: PeakMemory):
        return cls(name, clock.seconds(warmup), clock.cpu_seconds(warmup), memory)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def fastest(self) -> float:
        return min(self.seconds)

    @property
    def slowest(self) -> float:
        return max(self.seconds)
