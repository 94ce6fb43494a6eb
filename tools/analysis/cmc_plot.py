"""Draw CMC curves (identification rate against rank, DANN JMLR 2016 Fig. 9) as a PNG.

    python tools/analysis/cmc_plot.py CURVES [CURVES ...] --out cmc.png [--labels A B ...]
        [--max-rank 20] [--title TEXT] [--overwrite]

Each CURVES is a curve file written by ``ReIDMetric(curve_path=...)`` (JSON with ``cmc``,
the identification rate in percent at ranks 1..G) or a folder (e.g. a work dir, or a
folder of one work dir per seed): every ``cmc.json`` under it is read and their mean
drawn, with the range over them shaded. Write a curve with, e.g.,

    python tools/train.py CONFIG --cfg-options val_evaluator.curve_path=WORK_DIR/cmc.json
    python tools/test.py CONFIG CKPT --cfg-options test_evaluator.curve_path=WORK_DIR/cmc.json
"""
import argparse
import glob
import json
import os
import os.path as osp
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from segda.utils.arguments import FIGURE_SUFFIXES, output_file  # noqa: E402

CURVE_NAME = 'cmc.json'


def curve_files(source: str) -> list:
    """The curve files of ``source``: itself, or every ``cmc.json`` under the folder."""
    if osp.isdir(source):
        files = sorted(glob.glob(osp.join(source, '**', CURVE_NAME), recursive=True))
        if not files:
            raise FileNotFoundError(f'no {CURVE_NAME} under {source!r}; write one with '
                                    'val_evaluator.curve_path=<work dir>/cmc.json (ReIDMetric).')
        return files
    if not osp.isfile(source):
        raise FileNotFoundError(f'curve file or folder not found: {source!r}')
    return [source]


def read_curve(path: str) -> np.ndarray:
    """The CMC curve (percent at ranks 1..G) of one curve file."""
    try:
        with open(path, encoding='utf-8') as file:
            cmc = json.load(file)['cmc']
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f'{path!r} is not a ReIDMetric curve file (JSON with a "cmc" list): '
                         f'{error}') from None
    return np.asarray(cmc, dtype=float)


def curves_of(source: str, max_rank: int) -> np.ndarray:
    """``runs x max_rank`` curves of ``source`` (each read to ``max_rank``, a shorter one
    held at its last value, as a rank beyond the gallery is)."""
    rows = []
    for path in curve_files(source):
        cmc = read_curve(path)
        rows.append(np.concatenate([cmc, np.full(max(max_rank - len(cmc), 0), cmc[-1])])[:max_rank])
    return np.stack(rows)


def plot(sources, labels, out: str, max_rank: int, title: str) -> None:
    """Draw one mean curve (and its range) per source into ``out``."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    ranks = np.arange(1, max_rank + 1)
    figure, axes = plt.subplots(figsize=(5, 4))
    for source, label in zip(sources, labels):
        curves = curves_of(source, max_rank)
        mean = curves.mean(axis=0)
        runs = f' ({len(curves)} runs)' if len(curves) > 1 else ''
        axes.plot(ranks, mean, marker='o', markersize=3,
                  label=f'{label}{runs}: rank-1 {mean[0]:.1f}%')
        if len(curves) > 1:
            axes.fill_between(ranks, curves.min(axis=0), curves.max(axis=0), alpha=0.2)
    axes.set(xlabel='Rank', ylabel='Identification rate (%)', ylim=(0, 100), xlim=(1, max_rank),
             title=title)
    axes.grid(alpha=0.3)
    axes.legend(loc='lower right', fontsize=8)
    figure.tight_layout()
    os.makedirs(osp.dirname(out) or '.', exist_ok=True)
    figure.savefig(out, dpi=120)
    plt.close(figure)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Draw CMC curves of ReIDMetric curve files')
    parser.add_argument('curves', nargs='+', help='curve files, or folders holding cmc.json files')
    parser.add_argument('--out', required=True, type=output_file(*FIGURE_SUFFIXES),
                        help='the figure to write (.png is added to a name without a suffix)')
    parser.add_argument('--labels', nargs='+', help='one legend label per CURVES (default: names)')
    parser.add_argument('--max-rank', type=int, default=20, help='last rank drawn (default 20)')
    parser.add_argument('--title', default='CMC', help='figure title')
    parser.add_argument('--overwrite', action='store_true', help='replace an existing --out')
    args = parser.parse_args(argv)
    if args.labels and len(args.labels) != len(args.curves):
        parser.error(f'--labels takes one label per curve source: {len(args.curves)} sources, '
                     f'{len(args.labels)} labels')
    if args.max_rank < 1:
        parser.error('--max-rank must be >= 1')
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if osp.exists(args.out) and not args.overwrite:
        print(f'error: {args.out!r} exists; pass --overwrite to replace it', file=sys.stderr)
        return 2
    labels = args.labels or [osp.basename(osp.normpath(source)) for source in args.curves]
    try:
        plot(args.curves, labels, args.out, args.max_rank, args.title)
    except (FileNotFoundError, ValueError) as error:
        print(f'error: {error}', file=sys.stderr)
        return 2
    print(f'wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
