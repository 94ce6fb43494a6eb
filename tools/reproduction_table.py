"""The reproduction table: each paper experiment that has an embedded analogue, the paper's
source only / method / oracle and the share of the source-only -> oracle gap the method
closes, beside SegDA's same figures on the analogue (mean over seeds, last checkpoint).

    python tools/reproduction_table.py [--digits-work-dir work_dirs/benchmark_digits/mnistm]
        [--reid-work-dir work_dirs/reid_bench] [--out docs/benchmarks.md] [--no-write]

It trains nothing: it reads the finished runs of ``tools/benchmark_digits.py --pair mnistm``
(``<work dir>/<method>_seed<S>/result.json``) and of ``tools/benchmark_reid.py``
(``<work dir>/<method>/seed<S>``, the last validation's rank-1), and writes its section of
``--out`` (appended when the file has no markers). ``make bench-repro`` runs both
benchmarks first. The study itself: ``segda/experiments/reproduction.py``.

    gap closed = (method - source only) / (oracle - source only)

A row whose runs are missing says so instead of a figure.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from segda.experiments import reproduction as study  # noqa: E402
from segda.experiments.report import command_line, write_section  # noqa: E402
from segda.experiments.runs import REPO  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--digits-work-dir', default='work_dirs/benchmark_digits/mnistm')
    parser.add_argument('--reid-work-dir', default='work_dirs/reid_bench')
    parser.add_argument('--out', default='docs/benchmarks.md')
    parser.add_argument('--no-write', action='store_true', help='print the section only')
    return parser.parse_args(argv)


def main():
    args = parse_args()
    command = command_line('tools/reproduction_table.py', sys.argv[1:])
    section = study.render(args, command.strip())
    print(section)
    if not args.no_write:
        print(write_section(REPO / args.out, section, study.SECTION, study.TITLE))


if __name__ == '__main__':
    main()
