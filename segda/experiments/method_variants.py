"""Variants of one method on an embedded benchmark (``tools/analysis/method_variants.py``):
label-free columns first (the ones a setting is chosen on), the target metric last (for
reporting), means over the seeds found.

Each variant is a finished run set of ``tools/benchmark_digits.py --pair P --methods M --tag
TAG --cfg-options ...`` (``work_dirs/benchmark_digits/<pair>_<tag>/<method>_seed<S>``) or of
``tools/benchmark_methods.py --methods M --tag TAG --cfg-options ...``
(``work_dirs/benchmark_methods_<tag>/<method>_seed<S>``); ``DEFAULT`` is the config itself
(no tag). Per variant: its ``--cfg-options`` (read back from the runs), each ``--terms``
training scalar averaged over the last 5 logged iterations, the accuracy on the source test
split (digits), the share of the most predicted class and the mean prediction entropy on
target training images (no target label read), then the target metric.
"""
from pathlib import Path

from .aggregate import mean_std
from .report import code_block, marked_section
from .runs import REPO, kept_results

DEFAULT = 'DEFAULT'
# Where each benchmark keeps its runs, the key and column name of its target metric.
BENCHMARKS = dict(
    digits=dict(work_root='work_dirs/benchmark_digits', target='accuracy',
                target_name='target test % (reporting only)'),
    synthcity=dict(work_root='work_dirs/benchmark_methods', target='miou',
                   target_name='target val mIoU (reporting only)'),
)


def variant_folder(args, variant: str) -> Path:
    """The folder of a variant's runs: digits per pair, SynthCity per tag."""
    root = REPO / args.work_root
    if args.benchmark == 'digits':
        return root / (args.pair if variant == DEFAULT else f'{args.pair}_{variant}')
    return root if variant == DEFAULT else root.with_name(f'{root.name}_{variant}')


def cell(values, digits=1, unit=''):
    """``mean ± std`` of ``values`` (the mean alone for one value, ``–`` for none)."""
    if not values:
        return '–'
    mean, std = mean_std(values)
    spread = '' if len(values) == 1 else f' ± {std:.{digits}f}'
    return f'{mean:.{digits}f}{spread}{unit}'


def variant_row(args, variant: str) -> str:
    """The markdown row of one variant, from its runs' kept results."""
    runs = kept_results(variant_folder(args, variant), args.method)
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
            cell([r[BENCHMARKS[args.benchmark]['target']] for r in runs])]
    return '| ' + ' | '.join(row) + ' |'


def render(args, command: str) -> str:
    header = (['variant', 'seeds'] + [f'{term} (end)' for term in args.terms]
              + ['source test %', 'largest predicted class (label-free)',
                 'prediction entropy (label-free)', BENCHMARKS[args.benchmark]['target_name']])
    lines = [*code_block(command), '', '| ' + ' | '.join(header) + ' |',
             '|' + '---|' * len(header)]
    lines += [variant_row(args, variant) for variant in args.variants]
    return marked_section(args.section, lines)
