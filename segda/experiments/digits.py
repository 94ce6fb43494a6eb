"""The methods on an embedded digits pair: target test accuracy over seeds, label-free
signals, the schedule, and the proxy A-distance before and after DANN
(``tools/benchmark_digits.py``).

``handwriting``: printed digits -> handwriting over photos
(``configs/classification/<method>_digits_demo.py``); ``mnistm``: printed digits -> the
same digits over photos, built as MNIST-M (``<method>_digits_mnistm_demo.py``). Each config
trains with its own iterations per seed on the pair ``tools/make_digits.py --target
<pair>`` writes; the LAST checkpoint is evaluated on the target's test split. ADR reports C
and C'. Label-free, each last checkpoint's predictions on the target TRAINING images (no
label read) give the share of the most predicted class and the mean prediction entropy;
its accuracy on the SOURCE test split is the supervised signal settings may be chosen on.
The proxy A-distance (``tools/analysis/pad.py``) of the source-only and the DANN generators
is measured on each seed's last checkpoint. The schedule table follows each method's
source loss and adaptation term at every validation beside the target accuracy there.
"""
import json
import statistics
import sys
from pathlib import Path

from segda.apis import init_model, relocate_data_roots
from segda.datasets.classification.digits_demo import generate_digits_demo, written_paths
from segda.evaluation.domain_features import (
    domain_loader,
    labelled_accuracy,
    predicted_class_shares,
)
from segda.utils import without_labels

from .aggregate import mean_std
from .metrics import final_train_scalars, last_val_metrics, metric_curve, training_curve
from .report import code_block, machine, marked_section, write_section
from .runs import (
    REPO,
    check_last_step,
    configured,
    run_all,
    run_logged,
    seed_dir,
    train,
    write_result,
)

METHODS = ('source_only', 'adr', 'ent', 'oracle', 'source_only_sgd', 'dann', 'symnets',
           'domain_confusion', 'oracle_sgd')
LABELS = dict(source_only='Source only (Adam)', dann='DANN', adr='ADR (C)', adr_clean="ADR (C')",
              ent='ENT', symnets='SymNets', domain_confusion='Domain confusion (SymNets Eq. 1-4)',
              oracle='Oracle (target labels, Adam)',
              source_only_sgd='Source only (SGD)', oracle_sgd='Oracle (target labels, SGD)')
BASELINE = dict(adr='source_only', ent='source_only', oracle='source_only',
                dann='source_only_sgd', symnets='source_only_sgd',
                domain_confusion='source_only_sgd', oracle_sgd='source_only_sgd')
# The training scalars followed over the schedule (training_curve), and per method the source
# loss and the adaptation term the schedule table shows.
SCHEDULE_PREFIXES = ('loss', 'sensitivity', 'source_task', 'domain_', 'category_',
                     'target_entropy')
SCHEDULE_SIGNALS = dict(source_only=('loss_task', None), oracle=('loss_task', None),
                        source_only_sgd=('loss_task', None), oracle_sgd=('loss_task', None),
                        adr=('loss_source', 'sensitivity_generator'),
                        ent=('loss_source', 'sensitivity_generator'),
                        dann=('loss_task', 'loss_domain'),
                        symnets=('source_task', 'domain_confusion'),
                        domain_confusion=('loss_task', 'domain_confusion'))
PAD_METHODS = ('source_only_sgd', 'dann')  # PAD before and after DANN, same schedule
METRIC = 'accuracy'  # the validation metric
PAIRS = {  # config suffix, data root, docs section
    'handwriting': dict(suffix='digits_demo', root='data/digits_demo', marker='digits-benchmark',
                        title='Methods on the embedded digits pair'),
    'mnistm': dict(suffix='digits_mnistm_demo', root='data/digits_mnistm_demo',
                   marker='digits-mnistm-benchmark',
                   title='Methods on the MNIST-M-construction digits pair'),
}


def config_of(method: str, pair: str) -> str:
    return f'configs/classification/{method}_{PAIRS[pair]["suffix"]}.py'


def configured_run(method: str, args, relocated: bool = False):
    """The method's config with the run's ``--cfg-options`` (and, if ``relocated``, its data
    roots moved to ``--data-root``)."""
    roots = (args.config_root, args.data_root) if relocated else (None, None)
    return configured(config_of(method, args.pair), args.cfg_options, *roots)


def train_method(method: str, seed: int, args, run_dir: Path) -> dict:
    """One run; its final target-test metrics, wall time and accuracy over the schedule."""
    config = config_of(method, args.pair)
    cfg = configured_run(method, args)
    iters = cfg.train_cfg.max_iters
    options = relocate_data_roots(cfg, args.config_root, args.data_root)
    options += [*args.cfg_options, f'randomness.seed={seed}']
    what = f'{method} seed {seed}'
    seconds = train(config, run_dir, options, what, iters, args.rerun)
    metrics = last_val_metrics(run_dir, METRIC)
    check_last_step(metrics, iters, what)
    result = dict(method=method, seed=seed, iters=iters, seconds=seconds,
                  accuracy=metrics['accuracy'], mean_class=metrics['mean_class_accuracy'],
                  curve=metric_curve(run_dir, METRIC))
    if 'accuracy_clean' in metrics:
        result.update(accuracy_clean=metrics['accuracy_clean'],
                      mean_class_clean=metrics['mean_class_accuracy_clean'])
    return result


def complete(method: str, result: dict, args, run_dir: Path) -> dict:
    """``result`` with what a run measures after training, where it lacks it: the label-free
    signals, the training scalars where they ended and over the schedule, the options."""
    if 'max_share' not in result:
        result.update(label_free_signals(method, args, run_dir))
    if 'final_train' not in result:
        result['final_train'] = final_train_scalars(run_dir, METRIC)
    if 'train_curve' not in result:
        result['train_curve'] = training_curve(run_dir, METRIC, SCHEDULE_PREFIXES)
    result.setdefault('cfg_options', args.cfg_options)
    return result


def last_checkpoint(cfg, run_dir: Path) -> Path:
    return run_dir / f'iter_{cfg.train_cfg.max_iters}.pth'


def label_free_signals(method: str, args, run_dir: Path) -> dict:
    """The largest class share (%) and mean entropy of the last checkpoint's predictions on
    the target training images, read without labels; its accuracy (%) on the source test
    split (the oracle's source is the target: none)."""
    cfg = configured_run(method, args, relocated=True)
    model = init_model(cfg, str(last_checkpoint(cfg, run_dir)), 'cpu')
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


def measure_pad(method: str, seed: int, args, run_dir: Path) -> float:
    """The proxy A-distance of the run's last checkpoint (tools/analysis/pad.py)."""
    config = config_of(method, args.pair)
    cfg = configured_run(method, args)
    out = run_dir / 'pad.json'
    command = [sys.executable, 'tools/analysis/pad.py', config,
               str(last_checkpoint(cfg, run_dir)), '--out', str(out),
               '--overwrite', '--cfg-options', *args.cfg_options,
               *relocate_data_roots(cfg, args.config_root, args.data_root)]
    run_logged(command, run_dir / 'pad.log', f'PAD of {method} seed {seed}')
    return json.loads(out.read_text())['pad']


def add_pads(results: dict, args) -> None:
    """The proxy A-distance of every run of ``PAD_METHODS`` that lacks it (``--rerun``:
    all), kept in its result."""
    for method in PAD_METHODS:
        for result in results.get(method, []):
            if 'pad' not in result or args.rerun:
                run_dir = seed_dir(REPO / args.work_dir, method, result['seed'])
                result['pad'] = measure_pad(method, result['seed'], args, run_dir)
                write_result(run_dir, result)
            print(f'PAD {method} seed {result["seed"]}: {result["pad"]:.3f}', flush=True)


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
    """The markdown section: accuracy table, schedule table, PAD table, command and machine."""
    def baseline(method):
        name = BASELINE.get(method)
        return (mean_std([r['accuracy'] for r in results[name]])[0]
                if name in results else None)
    iters = sorted({r['iters'] for runs in results.values() for r in runs})
    lines = [f'{len(args.seeds)} seed(s) ({", ".join(map(str, args.seeds))}), '
             f'{"/".join(map(str, iters))} iterations of 32 source + 32 target images, one '
             'CPU thread per run, last checkpoint evaluated on the target test split '
             f'({num_test} images). Machine: {machine()} shared with other jobs (wall times '
             'vary with the load).',
             'The label-free columns read the last checkpoint\'s predictions on the target '
             'TRAINING images without their labels: the share of the most predicted class '
             '(10 % when balanced) and the mean entropy of the posteriors (ln 10 = 2.30 at '
             'most); for ADR those of C. "Source test" is the accuracy on the source test '
             'split (source labels: what a setting may be chosen on).',
             '', *code_block(command), '',
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
    lines += pad_table(results)
    return marked_section(section_name(args), lines)


def pad_table(results: dict) -> list:
    """Markdown lines: the proxy A-distance of G's features per PAD method, per seed."""
    pads = {m: [r['pad'] for r in results[m] if 'pad' in r] for m in PAD_METHODS
            if m in results}
    if not any(pads.values()):
        return []
    lines = ['', 'Proxy A-distance of G\'s features (linear SVM, `2 (1 - 2 err)`; DANN '
             'Sec. 5; `tools/analysis/pad.py`), per seed:', '',
             '| generator | PAD (mean ± std) | per seed |', '|---|---|---|']
    for method, values in pads.items():
        if values:
            mean, std = mean_std(values)
            lines.append(f'| {LABELS[method]} | {mean:.2f} ± {std:.2f} | '
                         + ', '.join(f'{v:.2f}' for v in values) + ' |')
    return lines


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


def section_name(args) -> str:
    """The docs section of the pair (and of the variant, ``--tag``)."""
    return PAIRS[args.pair]['marker'] + (f'-{args.tag}' if args.tag else '')


def run(args, command: str) -> str:
    """Write the pair when missing, train what is missing, measure PAD, print the section
    and (unless ``args.no_write``) write it to ``args.out``; returns the section."""
    if not written_paths(args.data_root):
        print(f'writing the digits pair to {args.data_root} ...', flush=True)
        generate_digits_demo(args.data_root, target=args.pair)
    runs = [(method, seed) for seed in args.seeds for method in args.methods]
    results = run_all(runs, lambda method, seed: seed_dir(REPO / args.work_dir, method, seed),
                      lambda method, seed, run_dir: train_method(method, seed, args, run_dir),
                      lambda result: f'accuracy {result["accuracy"]:.2f}', args.rerun,
                      lambda method, result, run_dir: complete(method, result, args, run_dir))
    add_pads(results, args)
    test_set = configured_run('source_only', args, relocated=True).val_dataloader.dataset
    section = render(results, args, command, len(domain_loader(test_set).dataset))
    print(section)
    if not args.no_write:
        title = PAIRS[args.pair]['title'] + (f' ({args.tag})' if args.tag else '')
        print(write_section(REPO / args.out, section, section_name(args), title))
    return section
