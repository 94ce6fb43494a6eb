"""Compare the adaptation methods on SynthCity: target-val mIoU over several seeds.

    python tools/benchmark_methods.py [--iters N] [--seeds 0 1 2] [--methods ...]
        [--data-root DIR] [--work-dir DIR] [--out docs/benchmarks.md] [--rerun]
        [--cfg-options KEY=VALUE ... --tag NAME] [--no-write]

Each method's ``configs/<method>_fcn_synthcity.py`` trains through ``tools/train.py`` (one
CPU thread per run) for the same number of iterations per seed on one generated SynthCity,
then the LAST checkpoint is evaluated on the target's val split: no checkpoint is selected
on target labels. Every finished run keeps its result in
``<work-dir>/<method>_seed<S>/result.json``, so an interrupted benchmark resumes where it
stopped, a run killed part-way from its last checkpoint (``--rerun`` trains again). The
table (mean and std of mIoU over seeds, per-class IoU, median wall time) replaces the
methods section of ``--out`` (appended when the file has no markers), with the command
that produced it. ``--cfg-options`` with ``--tag`` runs a variant of the configs in work
dirs and a docs section of its own (``tools/analysis/method_variants.py`` compares
variants). The study itself: ``segda/experiments/synthcity_methods.py``.
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.experiments import synthcity_methods as study  # noqa: E402
from segda.experiments.report import command_line  # noqa: E402
from segda.experiments.runs import (  # noqa: E402
    add_run_arguments,
    add_variant_arguments,
    parse_variant_arguments,
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    add_run_arguments(parser, study.METHODS)
    parser.add_argument('--iters', type=int, default=600, help='training iterations per run')
    parser.add_argument('--data-root', default='data/synthcity_bench',
                        help='SynthCity made here when missing (see --num-*)')
    parser.add_argument('--num-source', type=int, default=400)
    parser.add_argument('--num-target', type=int, default=400)
    parser.add_argument('--num-val', type=int, default=100)
    parser.add_argument('--work-dir', default='work_dirs/benchmark_methods')
    parser.add_argument('--out', default='docs/benchmarks.md',
                        help='markdown file whose methods section is replaced')
    add_variant_arguments(parser)
    args = parse_variant_arguments(parser, argv)
    if args.tag:
        args.work_dir += f'_{args.tag}'
    return args


if __name__ == '__main__':
    study.run(parse_args(), command_line('tools/benchmark_methods.py', sys.argv[1:]))
