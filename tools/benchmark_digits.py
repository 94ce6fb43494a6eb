"""Compare the adaptation methods on an embedded digits pair: target test accuracy over seeds,
and the proxy A-distance before and after DANN.

    python tools/benchmark_digits.py [--pair handwriting|mnistm] [--seeds 0 1 2]
        [--methods ...] [--data-root DIR] [--work-dir DIR] [--out docs/benchmarks.md]
        [--cfg-options KEY=VALUE ...] [--tag NAME] [--no-write] [--rerun]

``--pair handwriting`` (default): printed digits -> handwriting over photos, configs
``configs/classification/<method>_digits_demo.py``; ``--pair mnistm``: printed digits -> the
same digits over photos (built as MNIST-M), ``<method>_digits_mnistm_demo.py``. Each config
trains through ``tools/train.py`` with its own iterations per seed, one thread per run
(``OMP_NUM_THREADS=1``), on the pair ``tools/make_digits.py --target <pair>`` writes (made
here when missing); the LAST checkpoint is evaluated on the target's test split: no
checkpoint is selected on target labels. ADR reports C and C' (its clean classifier).
Label-free, each last checkpoint's predictions on the target TRAINING images (no label
read) give the share of the most predicted class and the mean prediction entropy: a
collapse shows without labels; its accuracy on the SOURCE test split is the supervised
signal settings may be chosen on. ``--cfg-options`` changes every run (a variant, kept
apart by ``--tag`` in the work dirs and results). The proxy A-distance
(``tools/analysis/pad.py``) of the source-only and the DANN generators is measured on each
seed's last checkpoint. A second table follows each method over its schedule: its source
loss and adaptation term at every validation (label-free: whether the schedule is long
enough) beside the target accuracy there (reporting only). Every finished run keeps its
result in ``<work-dir>/<method>_seed<S>/result.json``, so an interrupted benchmark resumes
where it stopped (``--rerun`` trains again). The table replaces the pair's section of
``--out`` (appended when the file has no markers), with the command that produced it. The
study itself: ``segda/experiments/digits.py``.
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

import torch  # noqa: E402

from segda.experiments import digits as study  # noqa: E402
from segda.experiments.report import command_line  # noqa: E402
from segda.experiments.runs import (  # noqa: E402
    REPO,
    add_run_arguments,
    add_variant_arguments,
    parse_variant_arguments,
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--pair', choices=sorted(study.PAIRS), default='handwriting')
    add_run_arguments(parser, study.METHODS)
    parser.add_argument('--data-root',
                        help="the digits pair (default: the pair's configs' root), made here "
                             'with make_digits defaults when missing')
    parser.add_argument('--work-dir', help='default work_dirs/benchmark_digits/<pair>[_<tag>]')
    parser.add_argument('--out', default='docs/benchmarks.md',
                        help="markdown file whose section of the pair is replaced")
    add_variant_arguments(parser)
    args = parse_variant_arguments(parser, argv)
    pair = study.PAIRS[args.pair]
    args.config_root, args.data_root = pair['root'], args.data_root or pair['root']
    args.work_dir = args.work_dir or ('work_dirs/benchmark_digits/' + args.pair
                                      + (f'_{args.tag}' if args.tag else ''))
    return args


if __name__ == '__main__':
    arguments = parse_args()
    torch.set_num_threads(1)  # the label-free predictions run here, beside nothing else
    os.chdir(REPO)  # the configs' data roots are relative to the repository
    study.run(arguments, command_line('tools/benchmark_digits.py', sys.argv[1:]))
