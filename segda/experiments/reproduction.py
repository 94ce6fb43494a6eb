"""The reproduction table (``tools/reproduction_table.py``): each paper experiment that has
an embedded analogue, the paper's source only / method / oracle and the share of the
source-only -> oracle gap the method closes, beside SegDA's same figures on the analogue
(mean over seeds, last checkpoint). It trains nothing: it reads the kept results of the
digits benchmark (``--pair mnistm``) and the last validation of each re-ID benchmark run.

    gap closed = (method - source only) / (oracle - source only)

A row whose runs are missing says so instead of a figure.
"""
from pathlib import Path

from .aggregate import mean_std
from .metrics import last_val_metrics
from .report import code_block, marked_section
from .runs import REPO, kept_results

SECTION, TITLE = 'reproduction', 'Reproduction: the papers against their embedded analogues'

# (paper experiment, its source only / method / oracle as printed, embedded analogue,
#  SegDA's runs: (source only, method, oracle) names in the digits or re-ID work dir,
#  the conditions that still differ)
ROWS = [
    dict(experiment='DANN, MNIST -> MNIST-M (JMLR 2016, Table 2)',
         paper=(52.25, 76.66, 95.96), kind='digits',
         analogue='printed digits -> the same digits over photos (`--target mnistm`)',
         runs=('source_only_sgd', 'dann', 'oracle_sgd'),
         differs='ADR\'s LeNet with BatchNorm instead of DANN\'s MNIST network; 32 + 32 '
                 'images per batch (paper 64 + 64); 3,000 iterations (paper: not stated); '
                 '5,000 printed training digits instead of 60,000 handwritten ones'),
    dict(experiment='ADR, digits (ICLR 2018, Table 1: SVHN -> MNIST, C\')',
         paper=(67.1, 94.1, None), kind='digits',
         analogue='printed digits -> the same digits over photos (`--target mnistm`)',
         runs=('source_only', 'adr_clean', 'oracle'),
         differs='another digit shift (the paper has no MNIST-M experiment); 32 + 32 images '
                 'per batch (paper 128 + 128); 3,000 iterations (paper 20,000); the paper '
                 'gives no oracle, so no gap share'),
    dict(experiment='ENT, digits (ADR ICLR 2018, Table 1: SVHN -> MNIST)',
         paper=(67.1, 93.7, None), kind='digits',
         analogue='printed digits -> the same digits over photos (`--target mnistm`)',
         runs=('source_only', 'ent', 'oracle'),
         differs='as ADR\'s row'),
    dict(experiment='SymNets (CVPR 2019): Office-31, Office-Home, ImageCLEF only',
         paper=(None, None, None), kind='digits',
         analogue='none in the paper; measured on the digits analogue for reference',
         runs=('source_only_sgd', 'symnets', 'oracle_sgd'),
         differs='from-scratch LeNet instead of an ImageNet ResNet-50; no paper figure to '
                 'compare with'),
    dict(experiment='DANN, re-ID VIPeR -> PRID (JMLR 2016, Fig. 9f), rank-1',
         paper=(None, None, None), kind='reid',
         analogue='pedestrians: VIPeR-like -> PRID-like camera networks',
         runs=('source_only', 'dann', 'oracle'),
         differs='Fig. 9 gives curves, not a table: read the paper\'s figure; procedural '
                 'people; 300 iterations (paper 20,000)'),
]


def digits_values(work_dir: Path, name: str) -> list:
    """Target test accuracies of a digits benchmark method over its seeds (``adr_clean``:
    ADR's C')."""
    method, key = (('adr', 'accuracy_clean') if name == 'adr_clean' else (name, 'accuracy'))
    return [result[key] for result in kept_results(work_dir, method)]


def reid_values(work_dir: Path, name: str) -> list:
    """Rank-1 of the last validation of each seed of a re-ID benchmark method
    (``<work dir>/<method>/seed<S>``)."""
    return [last_val_metrics(run, 'rank1')['rank1']
            for run in sorted((work_dir / name).glob('seed*')) if run.is_dir()]


def gap_closed(source, method, oracle):
    if None in (source, method, oracle) or oracle == source:
        return None
    return 100.0 * (method - source) / (oracle - source)


def fmt(value, spread=None):
    if value is None:
        return '–'
    return f'{value:.1f}' if spread is None else f'{value:.1f} ± {spread:.1f}'


def table_row(row: dict, values: list) -> str:
    """The markdown row of one paper experiment and SegDA's runs' ``values`` (one list per
    name of ``row['runs']``)."""
    paper = row['paper']
    paper_gap = gap_closed(*paper)
    if all(values):
        stats = [mean_std(v) for v in values]
        ours = ' / '.join(fmt(*s) for s in stats)
        ours_gap = fmt(gap_closed(*(s[0] for s in stats)))
        ours_gap = ours_gap if ours_gap == '–' else ours_gap + ' %'
        seeds = str(min(len(v) for v in values))
    else:
        missing = [name for name, v in zip(row['runs'], values) if not v]
        ours, ours_gap, seeds = f'not measured (no runs of {", ".join(missing)})', '–', '0'
    printed = ' / '.join('–' if v is None else f'{v:g}' for v in paper)
    return (f'| {row["experiment"]} | {printed} | '
            f'{fmt(paper_gap) + " %" if paper_gap is not None else "–"} | {row["analogue"]} | '
            f'{ours} | {ours_gap} | {seeds} | {row["differs"]} |')


def render(args, command: str) -> str:
    lines = ['Gap closed = (method - source only) / (oracle - source only). SegDA: '
             'mean ± std over the seeds found, last checkpoint, target test accuracy '
             '(re-ID: rank-1). Commands: `make bench-repro`, i.e.', '',
             *code_block('python tools/benchmark_digits.py --pair mnistm', 'make bench-reid',
                         command), '',
             '| paper experiment | paper: source only / method / oracle | paper: gap closed '
             '| embedded analogue | SegDA: source only / method / oracle | SegDA: gap closed '
             '| seeds | conditions that still differ |',
             '|---|---|---|---|---|---|---|---|']
    for row in ROWS:
        work_dir = REPO / (args.digits_work_dir if row['kind'] == 'digits'
                           else args.reid_work_dir)
        read = digits_values if row['kind'] == 'digits' else reid_values
        values = [read(work_dir, name) if work_dir.is_dir() else [] for name in row['runs']]
        lines.append(table_row(row, values))
    return marked_section(SECTION, lines)
