"""Label-free checkpoint selection on SynthCity: do the scores pick good checkpoints?

    python tools/analysis/selection_study.py [--methods ...] [--seed 0] [--iters 600]
        [--interval 100] [--data-root data/synthcity_bench] [--work-dir DIR]
        [--collect-only] [--write [--out docs/benchmarks.md]]

Each method's ``configs/<method>_fcn_synthcity.py`` trains for ``--iters`` iterations on the
SynthCity of ``tools/benchmark_methods.py`` (made when missing, same sizes and seed),
saving a checkpoint and validating every ``--interval`` iterations. Each validation logs
the checkpoint's target-val mIoU (labels: for this study only) beside its five label-free
scores on 16 target TRAIN images (``LabelFreeScoreHook``, no labels read; source only,
whose train set is not a domain pair, gets the hook with the same target set). The table
gives, per method, the Spearman rank correlation of each score with mIoU over the
checkpoints (entropy negated, so +1 always means "ranks like mIoU"), the mIoU of the
checkpoint each score picks, the last checkpoint's and the best one's (the oracle, which
needs target labels). Finished runs are kept; ``--write`` replaces the selection-study
section of ``--out`` (appended when the file has no markers). The study itself:
``segda/experiments/selection.py``.
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.experiments import selection as study  # noqa: E402
from segda.experiments.report import command_line  # noqa: E402

# Options that change neither what is trained nor the table (left out of its command).
NOT_SHOWN = ('--collect-only', '--write')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--methods', nargs='+', default=list(study.METHODS),
                        choices=study.METHODS)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--iters', type=int, default=600)
    parser.add_argument('--interval', type=int, default=100,
                        help='iterations between checkpoints (and validations)')
    parser.add_argument('--data-root', default='data/synthcity_bench',
                        help='SynthCity made here when missing (sizes of benchmark_methods.py)')
    parser.add_argument('--work-dir', default='work_dirs/selection_study')
    parser.add_argument('--collect-only', action='store_true',
                        help='train nothing; tabulate the finished runs')
    parser.add_argument('--write', action='store_true',
                        help='replace the selection-study section of --out')
    parser.add_argument('--out', default='docs/benchmarks.md',
                        help='the markdown file --write writes to')
    return parser.parse_args(argv)


if __name__ == '__main__':
    shown = [arg for arg in sys.argv[1:] if arg not in NOT_SHOWN]
    study.run(parse_args(), command_line('tools/analysis/selection_study.py', shown))
