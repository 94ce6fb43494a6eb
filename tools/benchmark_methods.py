"""Compare the adaptation methods on SynthCity: target-val mIoU over several seeds.

    python tools/benchmark_methods.py [--iters N] [--seeds 0 1 2] [--methods ...]
        [--data-root DIR] [--work-dir DIR] [--out docs/benchmarks.md] [--rerun]
        [--cfg-options KEY=VALUE ... --tag NAME] [--no-write]

Each method's ``configs/<method>_fcn_synthcity.py`` trains through ``tools/train.py`` for
the same number of iterations per seed on one generated SynthCity, then the LAST
checkpoint is evaluated on the target's val split: no checkpoint is selected on target
labels. Every finished run keeps its result in ``<work-dir>/<method>_seed<S>/result.json``,
so an interrupted benchmark resumes where it stopped, a run killed part-way from its last
checkpoint (``--rerun`` trains again). The table
(mean and std of mIoU over seeds, per-class IoU, median wall time) replaces the section between
the markers below in ``--out``, with the command that produced it. Each result also keeps
the label-free signals of the last validation (``target_entropy``, ``target_max_share``: the
LabelFreeScoreHook's, on target TRAIN images without labels) and the training scalars where
they ended; ``--cfg-options`` with ``--tag`` runs a variant of the configs in work dirs and a
docs section of its own (``tools/analysis/method_variants.py`` compares variants).
"""
import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from mmengine.config import Config  # noqa: E402

from segda.apis import relocate_data_roots  # noqa: E402
from segda.datasets.cityscapes_labels import CLASSES  # noqa: E402
from segda.datasets.synthcity import generate_synthcity  # noqa: E402

METHODS = ('source_only', 'dann', 'adr', 'ent', 'symnets', 'oracle')
LABELS = dict(source_only='Source only', dann='DANN', adr='ADR', ent='ENT', symnets='SymNets',
              oracle='Oracle (target labels)')
CONFIG_ROOT = 'data/synthcity'
BEGIN, END = '<!-- methods-benchmark:begin -->', '<!-- methods-benchmark:end -->'


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--methods', nargs='+', default=list(METHODS), choices=METHODS)
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--iters', type=int, default=600, help='training iterations per run')
    parser.add_argument('--data-root', default='data/synthcity_bench',
                        help='SynthCity made here when missing (see --num-*)')
    parser.add_argument('--num-source', type=int, default=400)
    parser.add_argument('--num-target', type=int, default=400)
    parser.add_argument('--num-val', type=int, default=100)
    parser.add_argument('--work-dir', default='work_dirs/benchmark_methods')
    parser.add_argument('--out', default='docs/benchmarks.md',
                        help='markdown file whose methods section is replaced')
    parser.add_argument('--rerun', action='store_true', help='train again even if a result exists')
    add_variant_arguments(parser)
    args = parse_variant_arguments(parser)
    if args.tag:
        args.work_dir += f'_{args.tag}'
    return args


def add_variant_arguments(parser) -> None:
    """``--cfg-options`` and ``--tag`` (a variant of the configs, kept apart) and
    ``--no-write``, as every benchmark takes them."""
    parser.add_argument('--cfg-options', nargs='+', default=[], metavar='KEY=VALUE',
                        help='config changes for every run (a variant; name it with --tag)')
    parser.add_argument('--tag', default='', help='name of the variant --cfg-options make')
    parser.add_argument('--no-write', action='store_true', help='print the table only')


def parse_variant_arguments(parser):
    """``parser``'s arguments; a usage error when ``--cfg-options`` come without ``--tag``."""
    args = parser.parse_args()
    if args.cfg_options and not args.tag:
        parser.error('--cfg-options makes a variant: name it with --tag (its work dirs and '
                     "results are kept apart from the configs' own runs)")
    return args


def scalar_entries(work_dir: Path) -> list:
    """Every entry of mmengine's scalar logs of a run (``<timestamp>/vis_data/scalars.json``,
    oldest first): training iterations and validations alike."""
    return [json.loads(line) for log in sorted(work_dir.glob('*/vis_data/scalars.json'))
            for line in log.read_text().splitlines()]


def last_val_metrics(work_dir: Path, metric: str = 'mIoU') -> dict:
    """The last validation entry (the one holding ``metric``) of the run's scalar logs."""
    entries = [entry for entry in scalar_entries(work_dir) if metric in entry]
    if not entries:
        raise RuntimeError(f'no validation metrics in {work_dir}/*/vis_data/scalars.json: '
                           'the run did not evaluate at its last iteration')
    return entries[-1]


def final_train_scalars(run_dir: Path, metric: str, last: int = 5) -> dict:
    """Each training scalar (e.g. SymNets' Eq. 5-10, DANN's domain loss) averaged over the
    ``last`` logged training iterations (entries without ``metric``, the validation's):
    label-free, where the training losses ended."""
    entries = [entry for entry in scalar_entries(run_dir) if metric not in entry][-last:]
    keys = {key for entry in entries for key in entry
            if key not in ('step', 'time', 'data_time', 'eta', 'iter') and not key.endswith('.lr')}
    return {key: statistics.mean(entry[key] for entry in entries if key in entry)
            for key in sorted(keys)}


def train(method: str, seed: int, args, run_dir: Path) -> dict:
    """One run through tools/train.py; its final target-val metrics and wall time."""
    config = f'configs/{method}_fcn_synthcity.py'
    options = relocate_data_roots(Config.fromfile(REPO / config), CONFIG_ROOT, args.data_root)
    options += [*args.cfg_options, f'randomness.seed={seed}', f'train_cfg.max_iters={args.iters}',
                f'train_cfg.val_interval={args.iters}']
    # A run killed part-way continues from its checkpoints; --rerun starts it over.
    start_mode = (['--overwrite'] if args.rerun
                  else ['--resume'] if any(run_dir.glob('iter_*.pth')) else [])
    command = [sys.executable, 'tools/train.py', config, '--work-dir', str(run_dir),
               *start_mode, '--cfg-options', *options]
    start = time.perf_counter()
    with open(run_dir / 'train.log', 'a') as log:
        done = subprocess.run(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f'{method} seed {seed} failed (exit {done.returncode}); see '
                           f'{run_dir / "train.log"}')
    metrics = last_val_metrics(run_dir)
    if metrics.get('step') != args.iters:
        raise RuntimeError(f'{method} seed {seed}: last evaluation at step {metrics.get("step")}, '
                           f'expected {args.iters}')
    result = dict(method=method, seed=seed, iters=args.iters, seconds=seconds,
                  miou=metrics['mIoU'], iou={name: metrics.get(f'IoU.{name}') for name in CLASSES},
                  cfg_options=args.cfg_options, final_train=final_train_scalars(run_dir, 'mIoU'))
    if 'target_max_share' in metrics:  # the LabelFreeScoreHook's (adaptation configs)
        result.update(max_share=100 * metrics['target_max_share'],
                      entropy=metrics['target_entropy'])
    return result


def mean_std(values):
    mean = sum(values) / len(values)
    std = (math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
           if len(values) > 1 else 0.0)
    return mean, std


def nanmean(values):
    values = [v for v in values if v is not None and not math.isnan(v)]
    return sum(values) / len(values) if values else math.nan


def render(results: dict, args, command: str) -> str:
    """The markdown section: summary table, per-class table, command and machine."""
    present = [name for name in CLASSES
               if any(not math.isnan(nanmean([r['iou'][name]]))
                      for rs in results.values() for r in rs)]
    source_only = mean_std([r['miou'] for r in results['source_only']])[0] \
        if 'source_only' in results else None
    begin, end = markers(args.tag)
    lines = [begin, '',
             f'{len(args.seeds)} seed(s) ({", ".join(map(str, args.seeds))}), '
             f'{args.iters} iterations each, last checkpoint evaluated on SynthCity target val '
             f'({args.num_val} images). '
             f'Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores.',
             '', '```bash', command, '```', '',
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
    return '\n'.join(lines + ['', end])


def markers(tag: str = '') -> tuple:
    """The begin and end markers of the (variant's) section in ``--out``."""
    if not tag:
        return BEGIN, END
    return f'<!-- methods-benchmark-{tag}:begin -->', f'<!-- methods-benchmark-{tag}:end -->'


def write_section(path: Path, section: str, begin: str = BEGIN, end: str = END,
                  title: str = 'Methods on SynthCity') -> None:
    """Replace the section of ``path`` between ``begin`` and ``end`` (append it under
    ``## title`` when the markers are absent)."""
    text = path.read_text() if path.exists() else ''
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = (text.rstrip('\n') + ('\n\n' if text else '') + f'## {title}\n\n'
                + section + '\n')
    path.write_text(text)


def main():
    args = parse_args()
    command = 'python tools/benchmark_methods.py ' + ' '.join(sys.argv[1:])
    print(f'SynthCity in {args.data_root} (made when missing) ...', flush=True)
    generate_synthcity(args.data_root, num_source=args.num_source, num_target=args.num_target,
                       num_val=args.num_val, seed=0, skip_existing=True)
    results = {}
    runs = [(method, seed) for method in args.methods for seed in args.seeds]
    for index, (method, seed) in enumerate(runs, 1):
        run_dir = REPO / args.work_dir / f'{method}_seed{seed}'
        result_file = run_dir / 'result.json'
        if result_file.is_file() and not args.rerun:
            result = json.loads(result_file.read_text())
            status = 'kept'
        else:
            run_dir.mkdir(parents=True, exist_ok=True)
            result = train(method, seed, args, run_dir)
            result_file.write_text(json.dumps(result, indent=1))
            status = f'{result["seconds"]:.0f} s'
        results.setdefault(method, []).append(result)
        print(f'[{index}/{len(runs)}] {method} seed {seed}: mIoU {result["miou"]:.2f} ({status})',
              flush=True)
    section = render(results, args, command)
    print(section)
    if not args.no_write:
        write_section(REPO / args.out, section, *markers(args.tag),
                      'Methods on SynthCity' + (f' ({args.tag})' if args.tag else ''))
        print(f'written to {args.out}')


if __name__ == '__main__':
    main()
