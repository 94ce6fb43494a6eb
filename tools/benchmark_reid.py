"""Compare source only, DANN and the oracle on the embedded pedestrians re-ID pair: rank-1,
-5, -10, -20 and mAP over seeds, and their CMC curves.

    python tools/benchmark_reid.py [--methods source_only dann oracle] [--seeds 0 1 2]
        [--work-dir work_dirs/reid_bench] [--out docs/benchmarks.md]
        [--plot docs/images/reid_cmc_pedestrians.png] [--no-write] [--rerun]

Each ``configs/reid/<method>_pedestrians_demo.py`` trains through ``tools/train.py`` per
seed, one CPU thread per run, on ``data/pedestrians_demo`` (written by
``tools/make_pedestrians.py``, which ``make bench-reid`` runs first), into
``<work-dir>/<method>/seed<S>``, and is scored at its last iteration. Every finished run
keeps its result in ``result.json`` there, so an interrupted benchmark resumes where it
stopped, a run killed part-way from its last checkpoint (``--rerun`` trains again). The
tables replace the re-ID section of ``--out`` (appended when the file has no markers) and
the CMC curves (mean and range over the seeds, ``tools/analysis/cmc_plot.py``) are drawn
into ``--plot``. The study itself: ``segda/experiments/reid.py``.
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.experiments import reid as study  # noqa: E402
from segda.experiments.report import command_line  # noqa: E402
from segda.experiments.runs import add_run_arguments  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    add_run_arguments(parser, study.METHODS)
    parser.add_argument('--work-dir', default='work_dirs/reid_bench')
    parser.add_argument('--out', default='docs/benchmarks.md',
                        help='markdown file whose re-ID section is replaced')
    parser.add_argument('--plot', default='docs/images/reid_cmc_pedestrians.png',
                        help='the PNG of the CMC curves')
    parser.add_argument('--no-write', action='store_true',
                        help='print the tables only (no docs section, no plot)')
    return parser.parse_args(argv)


if __name__ == '__main__':
    study.run(parse_args(), command_line('tools/benchmark_reid.py', sys.argv[1:]))
