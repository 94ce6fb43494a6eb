"""Timing, an application of the library: seconds per training iteration of a method against
its SourceOnly twin and a bare PyTorch loop, and the train loader's throughput
(``tools/time_iterations.py``). The experiments that train configs to completion and
compare their figures are ``segda.experiments``'."""
from .report import to_markdown
from .run import BenchmarkReport, run_benchmark

__all__ = ['BenchmarkReport', 'run_benchmark', 'to_markdown']
