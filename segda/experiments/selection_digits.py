"""The selection study on a digits pair (``--benchmark digits --pair mnistm|handwriting``):
each method's config of the digits benchmark (``digits.config_of``) on the pair
``tools/make_digits.py --target <pair>`` writes, with the hook added through a leaf config
on ``NUM_IMAGES`` of the configs' target TRAIN images (one posterior per image). Target
metric: accuracy on the target test split (the configs' validation set; ADR: C's).

Reverse validation (``segda/apis/reverse_validation.py``, DANN JMLR 2016 Sec. 5.1.2) is one
more column: after training, each checkpoint pseudo-labels the target train images and a
reverse model trained ``args.rv_iters`` iterations on them (from the config's
initialisation) is scored on the held-out 10 % of the source train set (seed 0), through
``tools/analysis/reverse_validation.py``. Its result is kept in
``<run dir>/reverse_validation/iter_<N>.json`` and read again while it is newer than the
checkpoint and measured with as many reverse iterations. The checkpoints trained on the
whole source: the held-out source images were seen by them (not by the reverse models), so
the scores are optimistic, alike for every checkpoint.
"""
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional

from segda.apis import relocate_data_roots
from segda.datasets.classification.digits_demo import generate_digits_demo, written_paths

from .digits import LABELS as DIGITS_LABELS
from .digits import METRIC, PAIRS, config_of
from .runs import REPO, configured, run_logged, train
from .selection_spec import HOOK_OPTIONS, Benchmark, hook_leaf, schedule_options

# Source only on both schedules: Adam (ADR's, ENT's baseline) and SGD (DANN's, SymNets').
METHODS = ('source_only', 'source_only_sgd', 'dann', 'adr', 'ent', 'symnets')
LABELS = {method: DIGITS_LABELS[method] for method in METHODS}
# The benchmark's 3,000 iterations; 500 reverse iterations, the short end of a reverse
# model's training (docs/benchmarks.md: the study's cost, about 40 min of one core per pair).
DEFAULTS = dict(iters=3000, interval=500, rv_iters=500)
# 500 target train images: one posterior each, as many as the SynthCity study's 16 x 128
# pixels give in order of magnitude (SND and BNM compare the posteriors with each other).
NUM_IMAGES = 500
HOOK = dict(type='LabelFreeScoreHook', num_images=NUM_IMAGES, seed=0, **HOOK_OPTIONS)
TITLES = dict(handwriting='Label-free checkpoint selection on the embedded digits pair',
              mnistm='Label-free checkpoint selection on the MNIST-M-construction digits pair')
RV_KEY, RV_DIR = 'reverse_validation', 'reverse_validation'
RV_TOOL = 'tools/analysis/reverse_validation.py'


def defaults(args) -> dict:
    """The study's iterations, data root and work dir on ``args.pair``."""
    return dict(DEFAULTS, data_root=PAIRS[args.pair]['root'],
                work_dir=f'work_dirs/selection_study_digits/{args.pair}')


def relocated(method: str, args) -> List[str]:
    """``--cfg-options`` that read the pair from ``args.data_root``."""
    return relocate_data_roots(configured(config_of(method, args.pair)),
                               PAIRS[args.pair]['root'], args.data_root)


def train_method(method: str, args, run_dir: Path) -> None:
    """One run through a leaf config that adds the hook, a checkpoint and a validation every
    ``args.interval`` iterations."""
    config = hook_leaf(REPO / config_of(method, args.pair), HOOK, run_dir)
    train(config, run_dir, relocated(method, args) + schedule_options(args),
          f'{method} ({args.pair})', args.iters)


def rv_result_path(run_dir: Path, step: int) -> Path:
    return Path(run_dir) / RV_DIR / f'iter_{step}.json'


def kept_rv(run_dir: Path, step: int, rv_iters: int) -> Optional[dict]:
    """The kept reverse validation of the checkpoint at ``step``, if newer than the
    checkpoint and measured with ``rv_iters`` reverse iterations; else None."""
    path, checkpoint = rv_result_path(run_dir, step), Path(run_dir) / f'iter_{step}.pth'
    if not path.is_file() or (checkpoint.is_file()
                              and path.stat().st_mtime < checkpoint.stat().st_mtime):
        return None
    result = json.loads(path.read_text())
    return result if result.get('reverse_max_iters') == rv_iters else None


def reverse_validate(method: str, step: int, args, run_dir: Path) -> dict:
    """Reverse validation of the checkpoint at ``step`` (``RV_TOOL``), its result kept."""
    checkpoint = Path(run_dir) / f'iter_{step}.pth'
    if not checkpoint.is_file():
        raise FileNotFoundError(f'{checkpoint} is missing: the study keeps a checkpoint every '
                                f'{args.interval} iterations (max_keep_ckpts=-1); train the run '
                                'again in a new --work-dir.')
    out = rv_result_path(run_dir, step)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, RV_TOOL, config_of(method, args.pair), str(checkpoint),
               '--work-dir', str(out.with_suffix('')), '--max-iters', str(args.rv_iters),
               '--out', str(out), '--overwrite', '--cfg-options', *relocated(method, args)]
    run_logged(command, out.parent / 'reverse_validation.log',
               f'reverse validation of {method} at iteration {step}')
    return json.loads(out.read_text())


def reverse_validation_scores(method: str, run_dir: Path, steps: List[int],
                              args) -> Dict[int, dict]:
    """``{step: {RV_KEY: reverse validation accuracy}}`` of the run's checkpoints, kept ones
    read, missing ones measured (none with ``args.collect_only``)."""
    scores = {}
    for step in steps:
        result = kept_rv(run_dir, step, args.rv_iters)
        if result is None and not args.collect_only:
            print(f'{method}: reverse validation of iteration {step} ...', flush=True)
            result = reverse_validate(method, step, args, run_dir)
        if result is not None:
            scores[step] = {RV_KEY: result['reverse_accuracy']}
    return scores


def prepare(args) -> None:
    """Write the pair when missing."""
    root = str(REPO / args.data_root)
    if not written_paths(root):
        print(f'writing the digits pair to {root} ...', flush=True)
        generate_digits_demo(root, target=args.pair)


def benchmark(args) -> Benchmark:
    return Benchmark(
        section=f'selection-study-digits-{args.pair}', title=TITLES[args.pair], labels=LABELS,
        metric=METRIC, evaluated_on=f'the target test split of the {args.pair} pair',
        prepare=lambda: prepare(args),
        train=lambda method, run_dir: train_method(method, args, run_dir),
        after_training=lambda method, run_dir, steps: reverse_validation_scores(
            method, run_dir, steps, args),
        extra_scores={RV_KEY: ('RV', True)},
        extra_note=(f'RV: reverse validation accuracy (%), a reverse model trained '
                    f'{args.rv_iters} iterations from the config\'s initialisation on the '
                    'checkpoint\'s pseudo-labelled target train images, scored on the 10 % '
                    'of the source train set held out (seed 0); the checkpoints trained on the '
                    'whole source, so those images were seen by them, not by the reverse '
                    f'models. Label-free scores on {NUM_IMAGES} target train images.'))
