"""``tools/benchmark.py``'s parts: timing training iterations and the train loader."""
from .report import to_markdown
from .run import BenchmarkReport, run_benchmark

__all__ = ['BenchmarkReport', 'run_benchmark', 'to_markdown']
