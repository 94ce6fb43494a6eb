"""Label-free checkpoint selection on SynthCity or a digits pair: do the scores pick good
checkpoints?

    python tools/analysis/selection_study.py [--benchmark synthcity] [--methods ...]
        [--seed 0] [--iters 600] [--interval 100] [--data-root data/synthcity_bench]
        [--work-dir DIR] [--collect-only] [--write [--out docs/benchmarks.md]]
    python tools/analysis/selection_study.py --benchmark digits --pair mnistm|handwriting
        [--methods ...] [--seed 0] [--iters 3000] [--interval 500] [--rv-iters 500]
        [--data-root DIR] [--work-dir DIR] [--collect-only] [--write [--out FILE]]

``--benchmark synthcity`` (default): each method's ``configs/<method>_fcn_synthcity.py``
trains for ``--iters`` iterations on the SynthCity of ``tools/benchmark_methods.py`` (made
when missing, same sizes and seed); target metric: mIoU on target val. ``--benchmark
digits``: each method's config of ``tools/benchmark_digits.py`` on the ``--pair`` (made
when missing); target metric: accuracy on the target test split. Each run saves a
checkpoint and validates every ``--interval`` iterations. Each validation logs the target
metric (labels: for this study only) beside five label-free scores on target TRAIN images
(``LabelFreeScoreHook`` with MixVal on, no labels read; added through a leaf config in
the run dir where the config lacks it). On the digits pairs each checkpoint is also
scored by reverse validation (a reverse model of ``--rv-iters`` iterations; kept in the
run dir, not measured again), after training. The table gives, per method, the Spearman
rank correlation of each score with the metric over the checkpoints (entropy negated, so
+1 always means "ranks like the metric"), the metric of the checkpoint each score picks,
the last checkpoint's and the best one's (the oracle, which needs target labels).
Finished runs are kept; ``--write`` replaces the benchmark's selection-study section of
``--out`` (appended when the file has no markers). The study itself:
``segda/experiments/selection.py``.
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.experiments import selection as study  # noqa: E402
from segda.experiments.digits import PAIRS  # noqa: E402
from segda.experiments.report import command_line  # noqa: E402

# Options that change neither what is trained nor the table (left out of its command).
NOT_SHOWN = ('--collect-only', '--write')
METHODS = sorted({method for spec in study.BENCHMARKS.values() for method in spec.METHODS})


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--benchmark', choices=sorted(study.BENCHMARKS), default='synthcity')
    parser.add_argument('--pair', choices=sorted(PAIRS), default='handwriting',
                        help='the digits pair (--benchmark digits)')
    parser.add_argument('--methods', nargs='+', choices=METHODS,
                        help="default: every method of the benchmark")
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--iters', type=int, help='default: 600 (SynthCity), 3000 (digits)')
    parser.add_argument('--interval', type=int,
                        help='iterations between checkpoints (and validations); default: '
                             '100 (SynthCity), 500 (digits)')
    parser.add_argument('--rv-iters', type=int,
                        help="the reverse models' iterations (digits; default 500)")
    parser.add_argument('--data-root',
                        help='made here when missing; default data/synthcity_bench (sizes of '
                             "benchmark_methods.py), the pair's root (digits)")
    parser.add_argument('--work-dir', help='default work_dirs/selection_study (SynthCity), '
                                           'work_dirs/selection_study_digits/<pair>')
    parser.add_argument('--collect-only', action='store_true',
                        help='train nothing; tabulate the finished runs')
    parser.add_argument('--write', action='store_true',
                        help='replace the selection-study section of --out')
    parser.add_argument('--out', default='docs/benchmarks.md',
                        help='the markdown file --write writes to')
    args = parser.parse_args(argv)
    spec = study.BENCHMARKS[args.benchmark]
    defaults = dict(spec.defaults(args), methods=list(spec.METHODS))
    if args.benchmark == 'synthcity' and args.rv_iters is not None:
        parser.error('--rv-iters: reverse validation pseudo-labels one class per image, so '
                     'it is measured on the digits pairs only (--benchmark digits)')
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    unknown = sorted(set(args.methods) - set(spec.METHODS))
    if unknown:
        parser.error(f'--methods {" ".join(unknown)}: not in --benchmark {args.benchmark} '
                     f'(its methods: {" ".join(spec.METHODS)})')
    return args


if __name__ == '__main__':
    shown = [arg for arg in sys.argv[1:] if arg not in NOT_SHOWN]
    study.run(parse_args(), command_line('tools/analysis/selection_study.py', shown))
