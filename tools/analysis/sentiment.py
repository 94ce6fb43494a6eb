"""DANN's sentiment analysis experiments (Ganin et al., JMLR 2016, Sec. 5.1.3-5.1.5,
Table 1 and Fig. 3) on Amazon-reviews-format data: per source -> target pair, NN, DANN and
a linear SVM on the raw features and on mSDA, chosen by reverse validation, the SVM's
source-only / oracle reference, the proxy A-distance of each representation, and the
pairwise Poisson binomial test over the pairs (``segda.experiments.sentiment``).

    python tools/analysis/sentiment.py [--config configs/sentiment/dann_amazon_reviews.py]
        [--data-root DIR] [--pair books:dvd ...] [--seeds 0 1 2] [--grid small]
        [--out TABLE.md] [--overwrite]

Without ``--pair`` every ordered pair of the domains found under the data root runs (12 for
the four Amazon domains). ``--grid small`` takes the config's ``small_grid`` (a shrunk
search for CPU runs). The tables are printed and, with ``--out``, written as markdown.
"""
import argparse
import itertools
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from segda.apis import check_output_path, run_main  # noqa: E402
from segda.apis.config import read_config  # noqa: E402
from segda.datasets.sentiment import load_amazon_reviews  # noqa: E402
from segda.evaluation.poisson_binomial import poisson_binomial_test  # noqa: E402
from segda.experiments.aggregate import mean_pm_std  # noqa: E402
from segda.experiments.sentiment import REPRESENTATIONS, run_pair  # noqa: E402
from segda.experiments.sentiment_learners import LEARNERS  # noqa: E402

DEFAULT_CONFIG = 'configs/sentiment/dann_amazon_reviews.py'
PAD_COLUMNS = ('raw', 'NN', 'DANN', 'msda', 'mSDA+DANN', 'mSDA+NN')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--config', default=DEFAULT_CONFIG, help=f'default {DEFAULT_CONFIG}')
    parser.add_argument('--data-root', help="the reviews root (default: the config's data_root)")
    parser.add_argument('--pair', nargs='+', metavar='SOURCE:TARGET',
                        help="pairs to run (default: the config's pairs, else all ordered pairs)")
    parser.add_argument('--seeds', type=int, nargs='+', help="default: the config's seeds")
    parser.add_argument('--grid', choices=('full', 'small'), default='full',
                        help="the config's grid or its small_grid (default full)")
    parser.add_argument('--out', help='write the tables to this markdown file')
    parser.add_argument('--overwrite', action='store_true', help='replace an existing --out')
    return parser.parse_args(argv)


def chosen_pairs(requested, domains):
    """``[(source, target)]`` from ``SOURCE:TARGET`` strings, or every ordered pair."""
    if not requested:
        return list(itertools.permutations(domains, 2))
    pairs = []
    for text in requested:
        source, _, target = text.partition(':')
        if source not in domains or target not in domains or source == target:
            raise ValueError(f'--pair {text!r}: need SOURCE:TARGET, two different domains of '
                             f'{", ".join(domains)}.')
        pairs.append((source, target))
    return pairs


def percent(values):
    return mean_pm_std([100.0 * v for v in values])


def tables(results, seeds):
    """The markdown lines: accuracies, PAD, Poisson binomial test (``results[pair]`` is a list
    of ``PairResult`` over the seeds)."""
    keys = [f'{learner}/{rep}' for rep in REPRESENTATIONS for learner in LEARNERS]
    lines = [f'Target test accuracy (%), mean +- std over seeds {" ".join(map(str, seeds))}; '
             'SVM/raw is the source-only reference, oracle the SVM on the target labels.', '',
             '| pair | ' + ' | '.join(keys) + ' | oracle | source only / oracle |',
             '|---' * (len(keys) + 3) + '|']
    for (source, target), runs in results.items():
        ratio = [r.accuracy['SVM/raw'] / r.oracle for r in runs]
        lines.append(f'| {source} -> {target} | '
                     + ' | '.join(percent([r.accuracy[key] for r in runs]) for key in keys)
                     + f' | {percent([r.oracle for r in runs])} | '
                     + f'{np.mean(ratio):.2f} |')
    pad_columns = [c for c in PAD_COLUMNS if c in next(iter(results.values()))[0].pad]
    lines += ['', 'Proxy A-distance (Fig. 3) between the source and target training samples, '
              'mean over seeds:', '', '| pair | ' + ' | '.join(pad_columns) + ' |',
              '|---' * (len(pad_columns) + 1) + '|']
    for (source, target), runs in results.items():
        lines.append(f'| {source} -> {target} | ' + ' | '.join(
            f'{np.mean([r.pad[c] for r in runs]):.2f}' for c in pad_columns) + ' |')
    lines += ['', 'Pairwise Poisson binomial test (Table 1b) over the pairs, seed-mean '
              'accuracies: P(row better than column).', '']
    for rep in REPRESENTATIONS:
        lines += [f'| {rep} | ' + ' | '.join(LEARNERS) + ' |', '|---' * (len(LEARNERS) + 1) + '|']
        accs = {learner: [np.mean([r.accuracy[f'{learner}/{rep}'] for r in runs])
                          for runs in results.values()] for learner in LEARNERS}
        sizes = [runs[0].test_size for runs in results.values()]
        for row in LEARNERS:
            lines.append(f'| {row} | ' + ' | '.join(
                '' if row == col else f'{poisson_binomial_test(accs[row], accs[col], sizes):.2f}'
                for col in LEARNERS) + ' |')
        lines.append('')
    return lines


def main(argv=None):
    args = parse_args(argv)
    cfg = read_config(args.config)
    if args.out:
        check_output_path(args.out, {}, '--out', args.overwrite)
    grid = cfg.grid if args.grid == 'full' else cfg.small_grid
    seeds = args.seeds or cfg.seeds
    data_root = args.data_root or cfg.data_root
    domains, _ = load_amazon_reviews(data_root, cfg.num_features)
    results = {}
    for source, target in chosen_pairs(args.pair or cfg.pairs, sorted(domains)):
        for seed in seeds:
            print(f'{source} -> {target}, seed {seed}:')
            results.setdefault((source, target), []).append(
                run_pair(domains[source], domains[target], grid, cfg.training, cfg.msda, seed))
    lines = tables(results, seeds)
    print('\n'.join(lines))
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as handle:
            handle.write('\n'.join(lines) + '\n')
        print(f'wrote {args.out}')


if __name__ == '__main__':
    run_main(main)
