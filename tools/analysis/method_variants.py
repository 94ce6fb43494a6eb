"""Compare variants of one method on an embedded benchmark: label-free columns first (the
ones a setting is chosen on), the target metric last (for reporting).

    python tools/analysis/method_variants.py --benchmark digits --pair mnistm \
        --method symnets --variants DEFAULT symnets_w0_separate_lr0.1 ... \
        [--terms domain_discrimination] [--section NAME --title TITLE] \
        [--out docs/benchmarks.md] [--no-write]
    python tools/analysis/method_variants.py --benchmark synthcity --method symnets \
        --variants DEFAULT w0 ... [--terms ...]

Each variant is a finished run set of ``tools/benchmark_digits.py --pair P --methods M
--tag TAG --cfg-options ...`` (``work_dirs/benchmark_digits/<pair>_<tag>/<method>_seed<S>``)
or of ``tools/benchmark_methods.py --methods M --tag TAG --cfg-options ...``
(``work_dirs/benchmark_methods_<tag>/<method>_seed<S>``); ``DEFAULT`` is the config itself
(no tag). Per variant: its ``--cfg-options`` (read back from the runs), each ``--terms``
training scalar averaged over the last 5 logged iterations, the accuracy on the source test
split (digits), the share of the most predicted class and the mean prediction entropy on
target training images (no target label read), then the target metric (digits: test
accuracy, SynthCity: val mIoU); means over the seeds found. The section replaces the one
of ``--section`` in ``--out`` (appended under ``--title`` when the file has no markers).
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from segda.experiments import method_variants as study  # noqa: E402
from segda.experiments.report import command_line, write_section  # noqa: E402
from segda.experiments.runs import REPO  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--benchmark', choices=sorted(study.BENCHMARKS), default='digits')
    parser.add_argument('--pair', default='mnistm', help='the digits pair (digits only)')
    parser.add_argument('--method', required=True)
    parser.add_argument('--variants', nargs='+', required=True)
    parser.add_argument('--terms', nargs='*', default=[],
                        help='training scalars to show (e.g. domain_discrimination = Eq. 7)')
    parser.add_argument('--work-root', help="default: the benchmark's own")
    parser.add_argument('--section', help='marker name of the docs section')
    parser.add_argument('--title', default='Variants')
    parser.add_argument('--out', default='docs/benchmarks.md')
    parser.add_argument('--no-write', action='store_true')
    args = parser.parse_args(argv)
    args.work_root = args.work_root or study.BENCHMARKS[args.benchmark]['work_root']
    args.section = args.section or f'{args.benchmark}-{args.method}-variants'
    return args


def main():
    args = parse_args()
    section = study.render(args, command_line('tools/analysis/method_variants.py',
                                              sys.argv[1:]))
    print(section)
    if not args.no_write:
        print(write_section(REPO / args.out, section, args.section, args.title))


if __name__ == '__main__':
    main()
