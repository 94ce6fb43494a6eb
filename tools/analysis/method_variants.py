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
accuracy, SynthCity: val mIoU); means over the seeds found.
"""
import argparse
import json
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TOOLS))

from benchmark_methods import REPO, mean_std, write_section  # noqa: E402

DEFAULT = 'DEFAULT'
# Where each benchmark keeps its runs, the key and column name of its target metric.
BENCHMARKS = dict(
    digits=dict(work_root='work_dirs/benchmark_digits', target='accuracy',
                target_name='target test % (reporting only)'),
    synthcity=dict(work_root='work_dirs/benchmark_methods', target='miou',
                   target_name='target val mIoU (reporting only)'),
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--benchmark', choices=sorted(BENCHMARKS), default='digits')
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
    args = parser.parse_args()
    args.work_root = args.work_root or BENCHMARKS[args.benchmark]['work_root']
    args.section = args.section or f'{args.benchmark}-{args.method}-variants'
    return args


def variant_folder(args, variant: str) -> Path:
    """The folder of a variant's runs: digits per pair, SynthCity per tag."""
    root = REPO / args.work_root
    if args.benchmark == 'digits':
        return root / (args.pair if variant == DEFAULT else f'{args.pair}_{variant}')
    return root if variant == DEFAULT else root.with_name(f'{root.name}_{variant}')


def variant_results(args, variant: str) -> list:
    return [json.loads(path.read_text()) for path in
            sorted(variant_folder(args, variant).glob(f'{args.method}_seed*/result.json'))]


def cell(values, digits=1, unit=''):
    if not values:
        return '–'
    mean, std = mean_std(values)
    spread = '' if len(values) == 1 else f' ± {std:.{digits}f}'
    return f'{mean:.{digits}f}{spread}{unit}'


def render(args, command: str) -> str:
    benchmark = BENCHMARKS[args.benchmark]
    begin, end = f'<!-- {args.section}:begin -->', f'<!-- {args.section}:end -->'
    header = (['variant', 'seeds'] + [f'{term} (end)' for term in args.terms]
              + ['source test %', 'largest predicted class (label-free)',
                 'prediction entropy (label-free)', benchmark['target_name']])
    lines = [begin, '', '```bash', command, '```', '', '| ' + ' | '.join(header) + ' |',
             '|' + '---|' * len(header)]
    for variant in args.variants:
        runs = variant_results(args, variant)
        options = runs[0].get('cfg_options') if runs else None
        name = 'the config' if variant == DEFAULT else variant
        if options:
            name += ' (' + ', '.join(f'`{option}`' for option in options) + ')'
        row = [name, str(len(runs))]
        row += [cell([r['final_train'][term] for r in runs if term in r.get('final_train', {})],
                     digits=3) for term in args.terms]
        row += [cell([r['source_accuracy'] for r in runs if 'source_accuracy' in r]),
                cell([r['max_share'] for r in runs if 'max_share' in r], digits=0, unit=' %'),
                cell([r['entropy'] for r in runs if 'entropy' in r], digits=2),
                cell([r[benchmark['target']] for r in runs])]
        lines.append('| ' + ' | '.join(row) + ' |')
    return '\n'.join(lines + ['', end])


def main():
    args = parse_args()
    command = 'python tools/analysis/method_variants.py ' + ' '.join(sys.argv[1:])
    section = render(args, command)
    print(section)
    if not args.no_write:
        write_section(REPO / args.out, section, f'<!-- {args.section}:begin -->',
                      f'<!-- {args.section}:end -->', args.title)
        print(f'written to {args.out}')


if __name__ == '__main__':
    main()
