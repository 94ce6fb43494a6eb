"""The methods on SynthCity: target-val mIoU over seeds (``tools/benchmark_methods.py``).

Each method's ``configs/<method>_fcn_synthcity.py`` trains for the same number of
iterations per seed on one generated SynthCity; the LAST checkpoint is evaluated on the
target's val split (no checkpoint is selected on target labels). A result keeps the mIoU,
the per-class IoU, the wall time, the label-free signals of the last validation
(``target_entropy``, ``target_max_share``: the LabelFreeScoreHook's, on target TRAIN images
without labels) and the training scalars where they ended. The section: mean and std of
mIoU over seeds, per-class IoU, median wall time, the command and the machine.
"""
import math
import statistics
from pathlib import Path

from mmengine.config import Config

from segda.apis import relocate_data_roots
from segda.datasets.cityscapes_labels import CLASSES
from segda.datasets.synthcity import generate_synthcity

from .aggregate import mean_std, nanmean
from .metrics import final_train_scalars, last_val_metrics
from .report import code_block, machine, marked_section, write_section
from .runs import REPO, check_last_step, run_all, seed_dir, train

METHODS = ('source_only', 'dann', 'adr', 'ent', 'symnets', 'dacs', 'daformer', 'mic_daformer',
           'oracle')
LABELS = dict(source_only='Source only', dann='DANN', adr='ADR', ent='ENT', symnets='SymNets',
              dacs='DACS', daformer='DAFormer', mic_daformer='DAFormer + MIC',
              oracle='Oracle (target labels)')
CONFIG_ROOT = 'data/synthcity'  # the data root the configs name
SECTION, TITLE = 'methods-benchmark', 'Methods on SynthCity'


def config_of(method: str) -> str:
    return f'configs/{method}_fcn_synthcity.py'


def train_method(method: str, seed: int, args, run_dir: Path) -> dict:
    """One run; its final target-val metrics, wall time and where its losses ended."""
    config = config_of(method)
    options = relocate_data_roots(Config.fromfile(REPO / config), CONFIG_ROOT, args.data_root)
    options += [*args.cfg_options, f'randomness.seed={seed}', f'train_cfg.max_iters={args.iters}',
                f'train_cfg.val_interval={args.iters}']
    what = f'{method} seed {seed}'
    seconds = train(config, run_dir, options, what, args.iters, args.rerun)
    metrics = last_val_metrics(run_dir)
    check_last_step(metrics, args.iters, what)
    result = dict(method=method, seed=seed, iters=args.iters, seconds=seconds,
                  miou=metrics['mIoU'], iou={name: metrics.get(f'IoU.{name}') for name in CLASSES},
                  cfg_options=args.cfg_options, final_train=final_train_scalars(run_dir, 'mIoU'))
    if 'target_max_share' in metrics:  # the LabelFreeScoreHook's (adaptation configs)
        result.update(max_share=100 * metrics['target_max_share'],
                      entropy=metrics['target_entropy'])
    return result


def section_name(tag: str = '') -> str:
    """The docs section of the configs' runs, or of a variant's (``tag``)."""
    return SECTION + (f'-{tag}' if tag else '')


def render(results: dict, args, command: str) -> str:
    """The markdown section: summary table, per-class table, command and machine."""
    present = [name for name in CLASSES
               if any(not math.isnan(nanmean([r['iou'][name]]))
                      for rs in results.values() for r in rs)]
    source_only = (mean_std([r['miou'] for r in results['source_only']])[0]
                   if 'source_only' in results else None)
    lines = [f'{len(args.seeds)} seed(s) ({", ".join(map(str, args.seeds))}), '
             f'{args.iters} iterations each, last checkpoint evaluated on SynthCity target val '
             f'({args.num_val} images). Machine: {machine()}.',
             '', *code_block(command), '',
             '| method | mIoU (mean ± std) | vs source only | per seed '
             '| wall time per run (median) |',
             '|---|---|---|---|---|']
    for method, runs in results.items():
        mean, std = mean_std([r['miou'] for r in runs])
        delta = ('' if source_only is None or method == 'source_only'
                 else f'{mean - source_only:+.1f}')
        per_seed = ', '.join(f'{r["miou"]:.1f}' for r in runs)
        seconds = statistics.median(r['seconds'] for r in runs)
        lines.append(f'| {LABELS[method]} | {mean:.1f} ± {std:.1f} | {delta} | {per_seed} | '
                     f'{seconds:.0f} s |')
    lines += ['',
              'Per-class IoU (mean over seeds; classes SynthCity never shows are left out):',
              '',
              '| method | ' + ' | '.join(present) + ' |',
              '|---|' + '---|' * len(present)]
    for method, runs in results.items():
        cells = [nanmean([r['iou'][name] for r in runs]) for name in present]
        lines.append(f'| {LABELS[method]} | ' + ' | '.join(f'{c:.1f}' for c in cells) + ' |')
    return marked_section(section_name(args.tag), lines)


def run(args, command: str) -> str:
    """Train what is missing, print the section and (unless ``args.no_write``) write it to
    ``args.out``; returns the section."""
    print(f'SynthCity in {args.data_root} (made when missing) ...', flush=True)
    generate_synthcity(args.data_root, num_source=args.num_source, num_target=args.num_target,
                       num_val=args.num_val, seed=0, skip_existing=True)
    runs = [(method, seed) for method in args.methods for seed in args.seeds]
    results = run_all(runs, lambda method, seed: seed_dir(REPO / args.work_dir, method, seed),
                      lambda method, seed, run_dir: train_method(method, seed, args, run_dir),
                      lambda result: f'mIoU {result["miou"]:.2f}', args.rerun)
    section = render(results, args, command)
    print(section)
    if not args.no_write:
        print(write_section(REPO / args.out, section, section_name(args.tag),
                            TITLE + (f' ({args.tag})' if args.tag else '')))
    return section
