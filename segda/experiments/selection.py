"""Label-free checkpoint selection: do the scores pick good checkpoints?
(``tools/analysis/selection_study.py``)

Per benchmark (``selection_synthcity``: SynthCity, target-val mIoU; ``selection_digits``:
a digits pair, target-test accuracy, and reverse validation), each method trains for
``iters`` iterations, saving a checkpoint and validating every ``interval`` iterations.
Each validation logs the checkpoint's target metric (labels: for this study only) beside
its label-free scores (entropy, IM, SND, BNM, MixVal) on target TRAIN images
(``LabelFreeScoreHook``, no labels read); a benchmark may add scores measured on the
finished run's checkpoints (the digits pairs: reverse validation). Per method: the
Spearman rank correlation of each score with the metric over the checkpoints (entropy
negated, so +1 always means "ranks like the metric"), the metric of the checkpoint each
score picks, the last checkpoint's and the best one's (the oracle, which needs target
labels). A score a run did not log at every checkpoint shows as "–". A run is finished
when it validated at ``iters``; an unfinished one continues from its checkpoints.
"""
from typing import Dict

from scipy.stats import spearmanr

from . import selection_digits, selection_synthcity
from .metrics import validations
from .report import code_block, marked_section, write_section
from .runs import REPO, seed_dir
from .selection_spec import Benchmark

# score -> (what it is called in the table, True when greater is better)
SCORES = dict(target_entropy=('entropy', False), target_im=('IM', True),
              target_snd=('SND', True), target_bnm=('BNM', True),
              target_mixval=('MixVal', True))
BENCHMARKS = dict(synthcity=selection_synthcity, digits=selection_digits)
MISSING = '–'


def benchmark_of(args) -> Benchmark:
    return BENCHMARKS[args.benchmark].benchmark(args)


def summarise(entries: Dict[int, dict], metric: str, scores: dict = SCORES) -> dict:
    """Rank correlations and picked checkpoints of one run (``{iteration: validation}``):
    per score of ``scores`` that every entry holds, ``rho`` and ``pick`` (iteration,
    metric); None for one an entry lacks."""
    steps = list(entries)
    values_of_metric = [entries[s][metric] for s in steps]
    row = dict(last=(steps[-1], values_of_metric[-1]),
               oracle=max(zip(steps, values_of_metric), key=lambda pair: pair[1]))
    for key, (_, greater) in scores.items():
        if not all(key in entries[s] for s in steps):
            row[key] = dict(rho=None, pick=None)
            continue
        sign = 1 if greater else -1
        values = [sign * entries[s][key] for s in steps]
        row[key] = dict(rho=spearmanr(values, values_of_metric).statistic,
                        pick=max(zip(values, steps, values_of_metric))[1:])
    return row


def columns(benchmark: Benchmark) -> dict:
    """The scores of the benchmark's table: the hook's, then those it adds after training."""
    return dict(SCORES, **benchmark.extra_scores)


def render(rows: dict, args, command: str, benchmark: Benchmark) -> str:
    scores, metric = columns(benchmark), benchmark.metric
    head = ('| method | ' + ' | '.join(f'ρ({name})' for name, _ in scores.values()) + ' | '
            + ' | '.join(f'picked by {name}' for name, _ in scores.values())
            + ' | last | best (oracle: target labels) |')
    lines = [*code_block(command), '',
             f'Seed {args.seed}, {args.iters} iterations, a checkpoint every {args.interval}; '
             f'{metric} (%) on {benchmark.evaluated_on} at iteration (in brackets). '
             f'ρ: Spearman rank correlation of the score with {metric} over the checkpoints '
             f'(entropy negated: +1 = ranks them as {metric} does).'
             + (f' {benchmark.extra_note}' if benchmark.extra_note else ''), '', head,
             '|---' * (1 + 2 * len(scores) + 1) + '|---|']

    def fmt(pick):
        return MISSING if pick is None else '{1:.1f} ({0})'.format(*pick)

    for method, row in rows.items():
        cells = [MISSING if row[key]['rho'] is None else f'{row[key]["rho"]:+.2f}'
                 for key in scores]
        cells += [fmt(row[key]['pick']) for key in scores]
        cells += [fmt(row['last']), fmt(row['oracle'])]
        lines.append(f'| {benchmark.labels[method]} | ' + ' | '.join(cells) + ' |')
    return marked_section(benchmark.section, lines)


def finished_validations(method: str, args, benchmark: Benchmark) -> dict:
    """The run's validations at multiples of ``args.interval`` with the scores measured
    after training, trained first when it has not validated at ``args.iters`` (unless
    ``args.collect_only``); empty when unfinished."""
    run_dir = seed_dir(REPO / args.work_dir, method, args.seed)
    entries = validations(run_dir, benchmark.metric)
    if args.iters not in entries and not args.collect_only:
        run_dir.mkdir(parents=True, exist_ok=True)
        print(f'{method}: training {args.iters} iterations in {run_dir} ...', flush=True)
        benchmark.train(method, run_dir)
        entries = validations(run_dir, benchmark.metric)
    if args.iters not in entries:
        print(f'{method}: no finished run in {run_dir}; left out', flush=True)
        return {}
    entries = {step: entry for step, entry in entries.items() if step % args.interval == 0}
    measured = benchmark.after_training(method, run_dir, list(entries))
    return {step: dict(entry, **measured.get(step, {})) for step, entry in entries.items()}


def run(args, command: str) -> str:
    """Train what is missing, print the section and (if ``args.write``) write it to
    ``args.out``; returns the section."""
    benchmark = benchmark_of(args)
    if not args.collect_only:
        benchmark.prepare()
    rows = {}
    for method in args.methods:
        entries = finished_validations(method, args, benchmark)
        if entries:
            rows[method] = summarise(entries, benchmark.metric, columns(benchmark))
            print(f'{method}: done', flush=True)
    section = render(rows, args, command, benchmark)
    print(section)
    if args.write:
        print(write_section(REPO / args.out, section, benchmark.section, benchmark.title))
    return section
