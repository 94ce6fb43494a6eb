"""Benchmarks, an application of the library: timing training iterations and the train loader
(``tools/benchmark.py``)."""
from .report import to_markdown
from .run import BenchmarkReport, run_benchmark

__all__ = ['BenchmarkReport', 'run_benchmark', 'to_markdown']
