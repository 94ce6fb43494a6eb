"""Re-ID on the embedded pedestrians pair (``tools/benchmark_reid.py``): source only, DANN and
the oracle, per seed, scored at the last iteration; then the CMC curves.

Each ``configs/reid/<method>_pedestrians_demo.py`` trains per seed into
``<work dir>/<method>/seed<S>`` (its CMC curve in ``cmc.json`` there,
``val_evaluator.curve_path``). A result keeps the last validation's rank-1, -5, -10, -20
and mAP. The section: mean ± std over seeds and the per-seed figures; the figure: the
mean CMC curve of each method with its range over the seeds
(``tools/analysis/cmc_plot.py``).
"""
import sys
from pathlib import Path

from mmengine.config import Config

from .aggregate import mean_pm_std
from .metrics import last_val_metrics
from .report import code_block, marked_section, write_section
from .runs import REPO, check_last_step, run_all, run_logged, train

METHODS = ('source_only', 'dann', 'oracle')
LABELS = dict(source_only='source only', dann='DANN', oracle='oracle (target labels)')
PLOT_LABELS = dict(source_only='source only', dann='DANN', oracle='oracle')
FIGURES = dict(rank1='rank-1', rank5='rank-5', rank10='rank-10', rank20='rank-20', mAP='mAP')
SECTION, TITLE = 'reid-pedestrians', 'Person re-ID on the embedded pedestrians pair'
PLOT_TITLE = 'Pedestrians: VIPeR-like -> PRID-like'


def config_of(method: str) -> str:
    return f'configs/reid/{method}_pedestrians_demo.py'


def run_dir_of(work_dir, method: str, seed: int) -> Path:
    """``<work dir>/<method>/seed<S>``: a folder of seeds per method, as the CMC plot reads."""
    return REPO / work_dir / method / f'seed{seed}'


def train_method(method: str, seed: int, args, run_dir: Path) -> dict:
    """One run; the figures of its last validation and its wall time."""
    config = config_of(method)
    iters = Config.fromfile(REPO / config).train_cfg.max_iters
    options = [f'randomness.seed={seed}', f'val_evaluator.curve_path={run_dir / "cmc.json"}']
    what = f'{method} seed {seed}'
    seconds = train(config, run_dir, options, what, iters, args.rerun)
    metrics = last_val_metrics(run_dir, 'rank1')
    check_last_step(metrics, iters, what)
    return dict(method=method, seed=seed, iters=iters, seconds=seconds,
                **{key: metrics[key] for key in FIGURES})


def render(results: dict, args, command: str) -> str:
    """The markdown section: the command, mean ± std over seeds, the figures per seed."""
    seeds = ', '.join(map(str, args.seeds))
    lines = [*code_block(command), '',
             f'Mean ± std over seeds {seeds} (percent), last iteration:', '',
             '| | ' + ' | '.join(FIGURES.values()) + ' |', '|---' * (len(FIGURES) + 1) + '|']
    for method, runs in results.items():
        lines.append(f'| {LABELS[method]} | '
                     + ' | '.join(mean_pm_std([r[key] for r in runs]) for key in FIGURES)
                     + ' |')
    lines += ['', 'Per seed (' + ' / '.join(FIGURES.values()) + '):', '',
              '| | ' + ' | '.join(f'seed {seed}' for seed in args.seeds) + ' |',
              '|---' * (len(args.seeds) + 1) + '|']
    for method, runs in results.items():
        cells = [' / '.join(f'{r[key]:.1f}' for key in FIGURES) for r in runs]
        lines.append(f'| {LABELS[method]} | ' + ' | '.join(cells) + ' |')
    return marked_section(SECTION, lines)


def plot(results: dict, args) -> None:
    """The CMC curves of the methods (mean and range over the seeds) into ``args.plot``."""
    command = [sys.executable, 'tools/analysis/cmc_plot.py',
               *[str(REPO / args.work_dir / method) for method in results],
               '--labels', *[PLOT_LABELS[method] for method in results],
               '--title', PLOT_TITLE, '--out', args.plot, '--overwrite']
    run_logged(command, REPO / args.work_dir / 'cmc_plot.log', 'the CMC plot')
    print(f'CMC curves written to {args.plot}')


def run(args, command: str) -> str:
    """Train what is missing, print the section and (unless ``args.no_write``) write it to
    ``args.out`` and the CMC curves to ``args.plot``; returns the section."""
    runs = [(method, seed) for seed in args.seeds for method in args.methods]
    results = run_all(runs, lambda method, seed: run_dir_of(args.work_dir, method, seed),
                      lambda method, seed, run_dir: train_method(method, seed, args, run_dir),
                      lambda result: f'rank-1 {result["rank1"]:.1f}', args.rerun)
    results = {method: results[method] for method in METHODS if method in results}
    section = render(results, args, command)
    print(section)
    if not args.no_write:
        print(write_section(REPO / args.out, section, SECTION, TITLE))
        plot(results, args)
    return section
