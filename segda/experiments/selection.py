"""Label-free checkpoint selection on SynthCity: do the scores pick good checkpoints?
(``tools/analysis/selection_study.py``)

Each method's ``configs/<method>_fcn_synthcity.py`` trains for ``iters`` iterations on the
SynthCity of the methods benchmark, saving a checkpoint and validating every ``interval``
iterations. Each validation logs the checkpoint's target-val mIoU (labels: for this study
only) beside its label-free scores (entropy, IM, SND, BNM, MixVal) on 16 target TRAIN images
(``LabelFreeScoreHook``, no labels read; source only, whose train set is not a domain pair,
gets the hook with the same target set through a leaf config written into its run dir). Per
method: the Spearman rank correlation of each score with mIoU over the checkpoints (entropy
negated, so +1 always means "ranks like mIoU"), the mIoU of the checkpoint each score picks,
the last checkpoint's and the best one's (the oracle, which needs target labels). A run is
finished when it validated at ``iters``; an unfinished one continues from its checkpoints.
"""
from pathlib import Path

from mmengine.config import Config
from scipy.stats import spearmanr

from segda.apis import relocate_data_roots
from segda.datasets.synthcity import generate_synthcity

from .metrics import validations
from .report import code_block, marked_section, write_section
from .runs import REPO, seed_dir, train
from .synthcity_methods import CONFIG_ROOT, config_of

METHODS = ('source_only', 'dann', 'adr', 'ent', 'symnets')
LABELS = dict(source_only='Source only', dann='DANN', adr='ADR', ent='ENT', symnets='SymNets')
# score -> (what it is called in the table, True when greater is better)
SCORES = dict(target_entropy=('entropy', False), target_im=('IM', True),
              target_snd=('SND', True), target_bnm=('BNM', True),
              target_mixval=('MixVal', True))
# the hook's settings for the study: MixVal's probes on (one more forward per image)
HOOK_OPTIONS = dict(mixval=True)
# where the target train set and the label-free hook are read from
PAIR_CONFIG = 'configs/dann_fcn_synthcity.py'
SECTION, TITLE = 'selection-study', 'Label-free checkpoint selection on SynthCity'


def study_config(method: str, args, run_dir: Path) -> str:
    """The method's config; for a method without a target train set (source only) a leaf
    config in ``run_dir`` that adds the label-free hook on the adaptation configs' target."""
    config = config_of(method)
    if 'custom_hooks' in Config.fromfile(REPO / config):
        return config
    pair = Config.fromfile(REPO / PAIR_CONFIG)
    hook = pair.custom_hooks[0]
    target = pair.train_dataloader.dataset.target.to_dict()
    target['data_root'] = target['data_root'].replace(CONFIG_ROOT, args.data_root, 1)
    leaf = run_dir / 'study_config.py'
    hook = dict(hook.to_dict(), dataset=target, **HOOK_OPTIONS)
    leaf.write_text(f"_base_ = [{str(REPO / config)!r}]\n"
                    f"custom_hooks = [{hook!r}]\n")
    return str(leaf)


def train_method(method: str, args, run_dir: Path) -> None:
    """One run, a checkpoint and a validation every ``args.interval`` iterations."""
    config = study_config(method, args, run_dir)
    options = relocate_data_roots(Config.fromfile(REPO / config_of(method)), CONFIG_ROOT,
                                  args.data_root)
    options += [f'randomness.seed={args.seed}', f'train_cfg.max_iters={args.iters}',
                f'train_cfg.val_interval={args.interval}',
                f'default_hooks.checkpoint.interval={args.interval}',
                'default_hooks.checkpoint.max_keep_ckpts=-1']
    options += [f'custom_hooks.0.{key}={value}' for key, value in HOOK_OPTIONS.items()]
    train(config, run_dir, options, method, args.iters)


def summarise(entries: dict) -> dict:
    """Rank correlations and picked checkpoints of one run (``{iteration: validation}``)."""
    steps = list(entries)
    miou = [entries[s]['mIoU'] for s in steps]
    row = dict(last=(steps[-1], miou[-1]),
               oracle=max(zip(steps, miou), key=lambda pair: pair[1]))
    for key, (_, greater) in SCORES.items():
        sign = 1 if greater else -1
        values = [sign * entries[s][key] for s in steps]
        row[key] = dict(rho=spearmanr(values, miou).statistic,
                        pick=max(zip(values, steps, miou))[1:])
    return row


def render(rows: dict, args, command: str) -> str:
    head = ('| method | ' + ' | '.join(f'ρ({name})' for name, _ in SCORES.values()) + ' | '
            + ' | '.join(f'picked by {name}' for name, _ in SCORES.values())
            + ' | last | best (oracle: target labels) |')
    lines = [*code_block(command), '',
             f'Seed {args.seed}, {args.iters} iterations, a checkpoint every {args.interval}; '
             'mIoU (%) on SynthCity target val (100 images) at iteration (in brackets). '
             'ρ: Spearman rank correlation of the score with mIoU over the checkpoints '
             '(entropy negated: +1 = ranks them as mIoU does).', '', head,
             '|---' * (1 + 2 * len(SCORES) + 1) + '|---|']
    fmt = '{1:.1f} ({0})'.format
    for method, row in rows.items():
        cells = [f'{row[key]["rho"]:+.2f}' for key in SCORES]
        cells += [fmt(*row[key]['pick']) for key in SCORES]
        cells += [fmt(*row['last']), fmt(*row['oracle'])]
        lines.append(f'| {LABELS[method]} | ' + ' | '.join(cells) + ' |')
    return marked_section(SECTION, lines)


def finished_validations(method: str, args) -> dict:
    """The run's validations at multiples of ``args.interval``, trained first when it has
    not validated at ``args.iters`` (unless ``args.collect_only``); empty when unfinished."""
    run_dir = seed_dir(REPO / args.work_dir, method, args.seed)
    entries = validations(run_dir, 'mIoU')
    if args.iters not in entries and not args.collect_only:
        run_dir.mkdir(parents=True, exist_ok=True)
        print(f'{method}: training {args.iters} iterations in {run_dir} ...', flush=True)
        train_method(method, args, run_dir)
        entries = validations(run_dir, 'mIoU')
    if args.iters not in entries:
        print(f'{method}: no finished run in {run_dir}; left out', flush=True)
        return {}
    return {step: entry for step, entry in entries.items() if step % args.interval == 0}


def run(args, command: str) -> str:
    """Train what is missing, print the section and (if ``args.write``) write it to
    ``args.out``; returns the section."""
    if not args.collect_only:
        generate_synthcity(REPO / args.data_root, num_source=400, num_target=400, num_val=100,
                           seed=0, skip_existing=True)
    rows = {}
    for method in args.methods:
        entries = finished_validations(method, args)
        if entries:
            rows[method] = summarise(entries)
            print(f'{method}: done', flush=True)
    section = render(rows, args, command)
    print(section)
    if args.write:
        print(write_section(REPO / args.out, section, SECTION, TITLE))
    return section
