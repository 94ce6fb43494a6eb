"""The selection study on SynthCity (``--benchmark synthcity``): each method's
``configs/<method>_fcn_synthcity.py`` on the SynthCity of the methods benchmark, the hook on
16 target TRAIN images x 128 pixels (the configs' own; source only, whose train set is not a
domain pair, gets the adaptation configs' hook and target set through a leaf config).
Target metric: mIoU on target val. No reverse validation: it pseudo-labels one class per
image, and per-pixel pseudo-labels are not implemented."""
from pathlib import Path

from segda.apis import relocate_data_roots
from segda.datasets.synthcity import generate_synthcity

from .runs import REPO, configured, train
from .selection_spec import HOOK_OPTIONS, Benchmark, hook_leaf, schedule_options
from .synthcity_methods import CONFIG_ROOT, config_of

METHODS = ('source_only', 'dann', 'adr', 'ent', 'symnets')
LABELS = dict(source_only='Source only', dann='DANN', adr='ADR', ent='ENT', symnets='SymNets')
# where the target train set and the label-free hook are read from
PAIR_CONFIG = 'configs/dann_fcn_synthcity.py'
SECTION, TITLE = 'selection-study', 'Label-free checkpoint selection on SynthCity'


def defaults(args) -> dict:
    """The study's iterations (the methods benchmark's budget), data root and work dir."""
    return dict(iters=600, interval=100, data_root='data/synthcity_bench',
                work_dir='work_dirs/selection_study')


def study_config(method: str, args, run_dir: Path) -> str:
    """The method's config; for a method without a target train set (source only) a leaf
    config in ``run_dir`` that adds the label-free hook on the adaptation configs' target."""
    config = config_of(method)
    if 'custom_hooks' in configured(config):
        return config
    pair = configured(PAIR_CONFIG)
    target = pair.train_dataloader.dataset.target.to_dict()
    target['data_root'] = target['data_root'].replace(CONFIG_ROOT, args.data_root, 1)
    hook = dict(pair.custom_hooks[0].to_dict(), dataset=target, **HOOK_OPTIONS)
    return hook_leaf(REPO / config, hook, run_dir)


def train_method(method: str, args, run_dir: Path) -> None:
    """One run, a checkpoint and a validation every ``args.interval`` iterations."""
    config = study_config(method, args, run_dir)
    options = relocate_data_roots(configured(config_of(method)), CONFIG_ROOT, args.data_root)
    train(config, run_dir, options + schedule_options(args), method, args.iters)


def benchmark(args) -> Benchmark:
    return Benchmark(
        section=SECTION, title=TITLE, labels=LABELS, metric='mIoU',
        evaluated_on='SynthCity target val (100 images)',
        prepare=lambda: generate_synthcity(REPO / args.data_root, num_source=400,
                                           num_target=400, num_val=100, seed=0,
                                           skip_existing=True),
        train=lambda method, run_dir: train_method(method, args, run_dir))
