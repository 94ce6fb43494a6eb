"""Compare the adaptation methods on an embedded digits pair: target test accuracy over seeds,
and the proxy A-distance before and after DANN.

    python tools/benchmark_digits.py [--pair handwriting|mnistm] [--seeds 0 1 2]
        [--methods ...] [--data-root DIR] [--work-dir DIR] [--out docs/benchmarks.md]
        [--cfg-options KEY=VALUE ...] [--tag NAME] [--no-write] [--rerun]

``--pair handwriting`` (default): printed digits -> handwriting over photos, configs
``configs/classification/<method>_digits_demo.py``; ``--pair mnistm``: printed digits -> the
same digits over photos (built as MNIST-M), ``<method>_digits_mnistm_demo.py``. Each config
trains through ``tools/train.py`` with its own iterations per seed, one thread per run
(``OMP_NUM_THREADS=1``), on the pair ``tools/make_digits.py --target <pair>`` writes (made
here when missing); the LAST checkpoint is evaluated on the target's test split: no
checkpoint is selected on target labels. ADR reports C and C' (its clean classifier).
Label-free, each last checkpoint's predictions on the target TRAINING images (no label
read) give the share of the most predicted class and the mean prediction entropy: a
collapse shows without labels; its accuracy on the SOURCE test split is the supervised
signal settings may be chosen on. ``--cfg-options`` changes every run (a variant, kept
apart by ``--tag`` in the work dirs and results). The
proxy A-distance
(``tools/analysis/pad.py``) of the source-only and the DANN generators is measured on each
seed's last checkpoint. A second table follows each method over its schedule: its source
loss and adaptation term at every validation (label-free: whether the schedule is long
enough) beside the target accuracy there (reporting only). Every finished run keeps its
result in
``<work-dir>/<method>_seed<S>/result.json``, so an interrupted benchmark resumes where it
stopped (``--rerun`` trains again). The table replaces the section between the markers below
in ``--out``, with the command that produced it.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

# benchmark_methods (next to this file) puts the repository on sys.path for segda.
from benchmark_methods import (  # noqa: E402
    REPO,
    add_variant_arguments,
    final_train_scalars,
    last_val_metrics,
    mean_std,
    parse_variant_arguments,
    scalar_entries,
    write_section,
)
from mmengine.config import Config

from segda.apis import init_model, relocate_data_roots
from segda.datasets.classification.digits_demo import generate_digits_demo, written_paths
from segda.evaluation.domain_features import (
    domain_loader,
    labelled_accuracy,
    predicted_class_shares,
)
from segda.utils import without_labels

METHODS = ('source_only', 'adr', 'ent', 'oracle', 'source_only_sgd', 'dann', 'symnets',
           'oracle_sgd')
LABELS = dict(source_only='Source only (Adam)', dann='DANN', adr='ADR (C)', adr_clean="ADR (C')",
              ent='ENT', symnets='SymNets', oracle='Oracle (target labels, Adam)',
              source_only_sgd='Source only (SGD)', oracle_sgd='Oracle (target labels, SGD)')
BASELINE = dict(adr='source_only', ent='source_only', oracle='source_only',
                dann='source_only_sgd', symnets='source_only_sgd', oracle_sgd='source_only_sgd')
# The training scalars followed over the schedule (training_curve), and per method the source
# loss and the adaptation term the schedule table shows.
SCHEDULE_PREFIXES = ('loss', 'sensitivity', 'source_task', 'domain_', 'category_',
                     'target_entropy')
SCHEDULE_SIGNALS = dict(source_only=('loss_task', None), oracle=('loss_task', None),
                        source_only_sgd=('loss_task', None), oracle_sgd=('loss_task', None),
                        adr=('loss_source', 'sensitivity_generator'),
                        ent=('loss_source', 'sensitivity_generator'),
                        dann=('loss_task', 'loss_domain'),
                        symnets=('source_task', 'domain_confusion'))
PAD_METHODS = ('source_only_sgd', 'dann')  # PAD before and after DANN, same schedule
PAIRS = {  # config suffix, data root, generator target, docs section
    'handwriting': dict(suffix='digits_demo', root='data/digits_demo', marker='digits-benchmark',
                        title='Methods on the embedded digits pair'),
    'mnistm': dict(suffix='digits_mnistm_demo', root='data/digits_mnistm_demo',
                   marker='digits-mnistm-benchmark',
                   title='Methods on the MNIST-M-construction digits pair'),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--pair', choices=sorted(PAIRS), default='handwriting')
    parser.add_argument('--methods', nargs='+', default=list(METHODS), choices=METHODS)
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--data-root',
                        help="the digits pair (default: the pair's configs' root), made here "
                             'with make_digits defaults when missing')
    parser.add_argument('--work-dir', help='default work_dirs/benchmark_digits/<pair>[_<tag>]')
    parser.add_argument('--out', default='docs/benchmarks.md',
                        help="markdown file whose section of the pair is replaced")
    parser.add_argument('--rerun', action='store_true', help='train again even if a result exists')
    add_variant_arguments(parser)
    args = parse_variant_arguments(parser)
    pair = PAIRS[args.pair]
    args.config_root, args.data_root = pair['root'], args.data_root or pair['root']
    args.work_dir = args.work_dir or ('work_dirs/benchmark_digits/' + args.pair
                                      + (f'_{args.tag}' if args.tag else ''))
    return args


def config_of(method: str, pair: str) -> str:
    return f'configs/classification/{method}_{PAIRS[pair]["suffix"]}.py'


def run_logged(command, log_path: Path, what: str) -> float:
    """Run ``command`` in the repository with one thread, output appended to ``log_path``;
    its wall time in seconds. Raises RuntimeError naming the log when it fails."""
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               NO_ALBUMENTATIONS_UPDATE='1')
    start = time.perf_counter()
    with open(log_path, 'a') as log:
        done = subprocess.run(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise RuntimeError(f'{what} failed (exit {done.returncode}); see {log_path}')
    return time.perf_counter() - start


def train(method: str, seed: int, args, run_dir: Path) -> dict:
    """One run through tools/train.py; its final target-test metrics and wall time."""
    config = config_of(method, args.pair)
    cfg = configured(config, args)
    iters = cfg.train_cfg.max_iters
    options = relocate_data_roots(cfg, args.config_root, args.data_root)
    options += [*args.cfg_options, f'randomness.seed={seed}']
    start_mode = (['--overwrite'] if args.rerun
                  else ['--resume'] if any(run_dir.glob('iter_*.pth')) else [])
    command = [sys.executable, 'tools/train.py', config, '--work-dir', str(run_dir),
               *start_mode, '--cfg-options', *options]
    seconds = run_logged(command, run_dir / 'train.log', f'{method} seed {seed}')
    metrics = last_val_metrics(run_dir, 'accuracy')
    if metrics.get('step') != iters:
        raise RuntimeError(f'{method} seed {seed}: last evaluation at step {metrics.get("step")}, '
                           f'expected {iters}')
    result = dict(method=method, seed=seed, iters=iters, seconds=seconds,
                  accuracy=metrics['accuracy'], mean_class=metrics['mean_class_accuracy'],
                  curve=accuracy_curve(run_dir))
    if 'accuracy_clean' in metrics:
        result.update(accuracy_clean=metrics['accuracy_clean'],
                      mean_class_clean=metrics['mean_class_accuracy_clean'])
    return result


def training_curve(run_dir: Path, last: int = 5) -> dict:
    """``{iteration: {scalar: mean}}`` at every validation of the run: each training scalar
    averaged over the ``last`` logged iterations up to it (label-free: whether the losses
    have flattened by the end of the schedule)."""
    entries = scalar_entries(run_dir)
    curve = {}
    for val_step in [entry['step'] for entry in entries if 'accuracy' in entry]:
        window = [entry for entry in entries
                  if 'accuracy' not in entry and entry['step'] <= val_step][-last:]
        keys = {key for entry in window for key in entry if key.startswith(SCHEDULE_PREFIXES)}
        curve[val_step] = {key: statistics.mean(entry[key] for entry in window if key in entry)
                           for key in sorted(keys)}
    return curve


def accuracy_curve(run_dir: Path) -> dict:
    """``{iteration: target accuracy}`` of every validation of the run (for the record: the
    result is the last one)."""
    return {entry['step']: entry['accuracy'] for entry in scalar_entries(run_dir)
            if 'accuracy' in entry}


def configured(config: str, args, relocated: bool = False) -> Config:
    """``config`` with the run's ``--cfg-options`` merged in (and, if ``relocated``, its data
    roots moved to ``--data-root``)."""
    cfg = Config.fromfile(REPO / config)
    cfg.merge_from_dict(dict(option.split('=', 1) for option in args.cfg_options))
    if relocated:
        cfg.merge_from_dict(dict(option.split('=', 1) for option in
                                 relocate_data_roots(cfg, args.config_root, args.data_root)))
    return cfg


def measure_pad(method: str, seed: int, args, run_dir: Path) -> float:
    """The proxy A-distance of the run's last checkpoint (tools/analysis/pad.py)."""
    config = config_of(method, args.pair)
    cfg = configured(config, args)
    out = run_dir / 'pad.json'
    command = [sys.executable, 'tools/analysis/pad.py', config,
               str(run_dir / f'iter_{cfg.train_cfg.max_iters}.pth'), '--out', str(out),
               '--overwrite', '--cfg-options', *args.cfg_options,
               *relocate_data_roots(cfg, args.config_root, args.data_root)]
    run_logged(command, run_dir / 'pad.log', f'PAD of {method} seed {seed}')
    return json.loads(out.read_text())['pad']


def label_free_signals(method: str, args, run_dir: Path) -> dict:
    """The largest class share (%) and mean entropy of the last checkpoint's predictions on
    the target training images, read without labels; its accuracy (%) on the source test
    split (the oracle's source is the target: none)."""
    cfg = configured(config_of(method, args.pair), args, relocated=True)
    model = init_model(cfg, str(run_dir / f'iter_{cfg.train_cfg.max_iters}.pth'), 'cpu')
    target = without_labels(pair_target(cfg))
    shares, entropy = predicted_class_shares(model, domain_loader(target), 10)
    signals = dict(max_share=100 * float(shares.max()), entropy=entropy)
    if 'source' in cfg.train_dataloader.dataset:
        source_test = dict(cfg.train_dataloader.dataset.source, split='test', test_mode=True)
        signals['source_accuracy'] = labelled_accuracy(model, domain_loader(source_test))
    return signals


def pair_target(cfg):
    """The target training set of the pair (the oracle trains on it directly)."""
    dataset = cfg.train_dataloader.dataset
    return dataset.target if 'target' in dataset else dataset


def row(label: str, values, source_only, seconds, runs) -> str:
    mean, std = mean_std(values)
    delta = '' if source_only is None else f'{mean - source_only:+.1f}'
    per_seed = ', '.join(f'{v:.1f}' for v in values)
    share = mean_std([r['max_share'] for r in runs])[0]
    entropy = mean_std([r['entropy'] for r in runs])[0]
    source = ([r['source_accuracy'] for r in runs] if all('source_accuracy' in r for r in runs)
              else None)
    source = '–' if source is None else f'{mean_std(source)[0]:.1f}'
    return (f'| {label} | {mean:.1f} ± {std:.1f} | {delta} | {per_seed} | {source} | '
            f'{share:.0f} % | {entropy:.2f} | {seconds:.0f} s |')


def render(results: dict, args, command: str, num_test: int) -> str:
    """The markdown section: accuracy table, PAD table, command and machine."""
    begin, end = markers(args)
    def baseline(method):
        name = BASELINE.get(method)
        return (mean_std([r['accuracy'] for r in results[name]])[0]
                if name in results else None)
    iters = sorted({r['iters'] for runs in results.values() for r in runs})
    lines = [begin, '',
             f'{len(args.seeds)} seed(s) ({", ".join(map(str, args.seeds))}), '
             f'{"/".join(map(str, iters))} iterations of 32 source + 32 target images, one '
             'CPU thread per run, last checkpoint evaluated on the target test split '
             f'({num_test} images). Machine: {platform.processor() or platform.machine()}, '
             f'{os.cpu_count()} cores shared with other jobs (wall times vary with the load).',
             'The label-free columns read the last checkpoint\'s predictions on the target '
             'TRAINING images without their labels: the share of the most predicted class '
             '(10 % when balanced) and the mean entropy of the posteriors (ln 10 = 2.30 at '
             'most); for ADR those of C. "Source test" is the accuracy on the source test '
             'split (source labels: what a setting may be chosen on).',
             '', '```bash', command, '```', '',
             '| method | target accuracy % (mean ± std) | vs source only (same schedule) '
             '| per seed '
             '| source test % | largest predicted class (label-free) '
             '| prediction entropy (label-free) | wall time per run (median) |',
             '|---|---|---|---|---|---|---|---|']
    for method in [m for m in METHODS if m in results]:
        runs = results[method]
        seconds = statistics.median(r['seconds'] for r in runs)
        lines.append(row(LABELS[method], [r['accuracy'] for r in runs], baseline(method),
                         seconds, runs))
        if method == 'adr' and all('accuracy_clean' in r for r in runs):
            lines.append(row(LABELS['adr_clean'], [r['accuracy_clean'] for r in runs],
                             baseline(method), seconds, runs))
    lines += ['', 'Mean per-class accuracy % (mean ± std over seeds): '
              + ', '.join(f'{LABELS[m]} {mean_std([r["mean_class"] for r in runs])[0]:.1f} '
                          f'± {mean_std([r["mean_class"] for r in runs])[1]:.1f}'
                          for m, runs in results.items())]
    lines += schedule_table(results)
    pads = {m: [r['pad'] for r in results[m] if 'pad' in r] for m in PAD_METHODS
            if m in results}
    if any(pads.values()):
        lines += ['', 'Proxy A-distance of G\'s features (linear SVM, `2 (1 - 2 err)`; DANN '
                  'Sec. 5; `tools/analysis/pad.py`), per seed:', '',
                  '| generator | PAD (mean ± std) | per seed |', '|---|---|---|']
        for method, values in pads.items():
            if values:
                mean, std = mean_std(values)
                lines.append(f'| {LABELS[method]} | {mean:.2f} ± {std:.2f} | '
                             + ', '.join(f'{v:.2f}' for v in values) + ' |')
    return '\n'.join(lines + ['', end])


def schedule_table(results: dict) -> list:
    """Markdown lines: per method, its source loss and adaptation term (label-free: the
    training losses averaged over the 5 logged iterations before each validation) and the
    target accuracy (reporting only) at every validation, means over the seeds."""
    curves = {method: runs for method, runs in results.items()
              if all(r.get('train_curve') for r in runs)}
    if not curves:
        return []
    steps = sorted({int(step) for runs in curves.values() for r in runs
                    for step in r['train_curve']})
    at = ' / '.join(map(str, steps))
    lines = ['', f'Over the schedule, at iterations {at} (means over the seeds; the losses '
             'are label-free, the target accuracy is for reporting only):', '',
             f'| method | source loss at {at} | adaptation term at {at} '
             f'| target accuracy % at {at} |', '|---|---|---|---|']

    def series(runs, value_at):
        means = []
        for step in steps:
            values = [v for v in (value_at(r, step) for r in runs) if v is not None]
            means.append(f'{mean_std(values)[0]:.3g}' if values else '–')
        return ' / '.join(means)

    for method in [m for m in METHODS if m in curves]:
        runs = curves[method]
        source_key, term_key = SCHEDULE_SIGNALS[method]
        loss = series(runs, lambda r, s: r['train_curve'].get(str(s), {}).get(source_key))
        term = ('–' if term_key is None else f'`{term_key}` ' + series(
            runs, lambda r, s: r['train_curve'].get(str(s), {}).get(term_key)))
        accuracy = series(runs, lambda r, s: r['curve'].get(str(s)))
        lines.append(f'| {LABELS[method]} | `{source_key}` {loss} | {term} | {accuracy} |')
    return lines


def markers(args):
    """The begin and end markers of the pair's (and variant's) section in ``--out``."""
    name = PAIRS[args.pair]['marker'] + (f'-{args.tag}' if args.tag else '')
    return f'<!-- {name}:begin -->', f'<!-- {name}:end -->'


def main():
    args = parse_args()
    torch.set_num_threads(1)  # the label-free predictions run here, beside nothing else
    os.chdir(REPO)  # the configs' data roots are relative to the repository
    command = 'python tools/benchmark_digits.py ' + ' '.join(sys.argv[1:])
    if not written_paths(args.data_root):
        print(f'writing the digits pair to {args.data_root} ...', flush=True)
        generate_digits_demo(args.data_root, target=args.pair)
    results = {}
    runs = [(method, seed) for seed in args.seeds for method in args.methods]
    for index, (method, seed) in enumerate(runs, 1):
        run_dir = REPO / args.work_dir / f'{method}_seed{seed}'
        result_file = run_dir / 'result.json'
        if result_file.is_file() and not args.rerun:
            result = json.loads(result_file.read_text())
            status = 'kept'
        else:
            run_dir.mkdir(parents=True, exist_ok=True)
            result = train(method, seed, args, run_dir)
            status = f'{result["seconds"]:.0f} s'
        if 'max_share' not in result:
            result.update(label_free_signals(method, args, run_dir))
        if 'final_train' not in result:
            result['final_train'] = final_train_scalars(run_dir, 'accuracy')
        if 'train_curve' not in result:
            result['train_curve'] = training_curve(run_dir)
        result.setdefault('cfg_options', args.cfg_options)
        result_file.write_text(json.dumps(result, indent=1))
        result = json.loads(result_file.read_text())  # as a kept one reads: str iterations
        results.setdefault(method, []).append(result)
        print(f'[{index}/{len(runs)}] {method} seed {seed}: accuracy {result["accuracy"]:.2f} '
              f'({status})', flush=True)
    for method in PAD_METHODS:
        for result in results.get(method, []):
            if 'pad' not in result or args.rerun:
                run_dir = REPO / args.work_dir / f'{method}_seed{result["seed"]}'
                result['pad'] = measure_pad(method, result['seed'], args, run_dir)
                (run_dir / 'result.json').write_text(json.dumps(result, indent=1))
            print(f'PAD {method} seed {result["seed"]}: {result["pad"]:.3f}', flush=True)
    num_test = len(domain_loader(configured(config_of('source_only', args.pair), args,
                                            relocated=True).val_dataloader.dataset).dataset)
    section = render(results, args, command, num_test)
    print(section)
    if not args.no_write:
        title = PAIRS[args.pair]['title'] + (f' ({args.tag})' if args.tag else '')
        write_section(REPO / args.out, section, *markers(args), title)
        print(f'written to {args.out}')


if __name__ == '__main__':
    main()
