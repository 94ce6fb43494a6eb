"""Label-free checkpoint selection on SynthCity: do the scores pick good checkpoints?

    python tools/analysis/selection_study.py [--methods ...] [--seed 0] [--iters 600]
        [--interval 100] [--data-root data/synthcity_bench] [--work-dir DIR] [--write]

Each method's ``configs/<method>_fcn_synthcity.py`` trains for ``--iters`` iterations on the
SynthCity of ``tools/benchmark_methods.py`` (made when missing, same sizes and seed),
saving a checkpoint and validating every ``--interval`` iterations. Each validation logs
the checkpoint's target-val mIoU (labels: for this study only) beside its three label-free
scores on 16 target TRAIN images (``LabelFreeScoreHook``, no labels read; source only,
whose train set is not a domain pair, gets the hook with the same target set). The table
gives, per method, the Spearman rank correlation of each score with mIoU over the
checkpoints (entropy negated, so +1 always means "ranks like mIoU"), the mIoU of the
checkpoint each score picks, the last checkpoint's and the best one's (the oracle, which
needs target labels). Finished runs are kept; ``--write`` replaces the section between the
markers of docs/benchmarks.md.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from mmengine.config import Config  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from segda.apis import relocate_data_roots  # noqa: E402
from segda.datasets.synthcity import generate_synthcity  # noqa: E402

METHODS = ('source_only', 'dann', 'adr', 'ent', 'symnets')
LABELS = dict(source_only='Source only', dann='DANN', adr='ADR', ent='ENT', symnets='SymNets')
# score -> (what it is called in the table, True when greater is better)
SCORES = dict(target_entropy=('entropy', False), target_im=('IM', True),
              target_snd=('SND', True))
CONFIG_ROOT = 'data/synthcity'
PAIR_CONFIG = 'configs/dann_fcn_synthcity.py'  # where the target train set is read from
BEGIN, END = '<!-- selection-study:begin -->', '<!-- selection-study:end -->'


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--methods', nargs='+', default=list(METHODS), choices=METHODS)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--iters', type=int, default=600)
    parser.add_argument('--interval', type=int, default=100,
                        help='iterations between checkpoints (and validations)')
    parser.add_argument('--data-root', default='data/synthcity_bench',
                        help='SynthCity made here when missing (sizes of benchmark_methods.py)')
    parser.add_argument('--work-dir', default='work_dirs/selection_study')
    parser.add_argument('--collect-only', action='store_true',
                        help='train nothing; tabulate the finished runs')
    parser.add_argument('--write', action='store_true',
                        help='replace the selection-study section of docs/benchmarks.md')
    return parser.parse_args()


def study_config(method: str, args, run_dir: Path) -> str:
    """The method's config; for a method without a target train set (source only) a leaf
    config in ``run_dir`` that adds the label-free hook on the adaptation configs' target."""
    config = f'configs/{method}_fcn_synthcity.py'
    if 'custom_hooks' in Config.fromfile(REPO / config):
        return config
    hook = Config.fromfile(REPO / 'configs/_base_/label_free_scores.py').custom_hooks[0]
    target = Config.fromfile(REPO / PAIR_CONFIG).train_dataloader.dataset.target.to_dict()
    target['data_root'] = target['data_root'].replace(CONFIG_ROOT, args.data_root, 1)
    leaf = run_dir / 'study_config.py'
    leaf.write_text(f"_base_ = [{str(REPO / config)!r}]\n"
                    f"custom_hooks = [{dict(hook.to_dict(), dataset=target)!r}]\n")
    return str(leaf)


def train(method: str, args, run_dir: Path) -> None:
    """One run through tools/train.py (continued from its checkpoints if killed part-way)."""
    config = study_config(method, args, run_dir)
    options = relocate_data_roots(Config.fromfile(REPO / f'configs/{method}_fcn_synthcity.py'),
                                  CONFIG_ROOT, args.data_root)
    options += [f'randomness.seed={args.seed}', f'train_cfg.max_iters={args.iters}',
                f'train_cfg.val_interval={args.interval}',
                f'default_hooks.checkpoint.interval={args.interval}',
                'default_hooks.checkpoint.max_keep_ckpts=-1']
    start_mode = ['--resume'] if any(run_dir.glob('iter_*.pth')) else []
    command = [sys.executable, 'tools/train.py', config, '--work-dir', str(run_dir),
               *start_mode, '--cfg-options', *options]
    with open(run_dir / 'train.log', 'a') as log:
        done = subprocess.run(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise RuntimeError(f'{method} failed (exit {done.returncode}); see {run_dir}/train.log')


def validations(run_dir: Path) -> dict:
    """``{iteration: validation entry}`` from mmengine's scalar logs (the last of each)."""
    entries = {}
    for log in sorted(run_dir.glob('*/vis_data/scalars.json')):
        for line in log.read_text().splitlines():
            entry = json.loads(line)
            if 'mIoU' in entry:
                entries[entry['step']] = entry
    return dict(sorted(entries.items()))


def summarise(entries: dict) -> dict:
    """Rank correlations and picked checkpoints of one run."""
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
    lines = [BEGIN, '', '```bash', command, '```', '',
             f'Seed {args.seed}, {args.iters} iterations, a checkpoint every {args.interval}; '
             'mIoU (%) on SynthCity target val (100 images) at iteration (in brackets). '
             'ρ: Spearman rank correlation of the score with mIoU over the checkpoints '
             '(entropy negated: +1 = ranks them as mIoU does).', '', head,
             '|---' * (1 + 3 + 3 + 1) + '|---|']
    fmt = '{1:.1f} ({0})'.format
    for method, row in rows.items():
        cells = [f'{row[key]["rho"]:+.2f}' for key in SCORES]
        cells += [fmt(*row[key]['pick']) for key in SCORES]
        cells += [fmt(*row['last']), fmt(*row['oracle'])]
        lines.append(f'| {LABELS[method]} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines + ['', END])


def write_section(path: Path, section: str) -> None:
    """Replace the marked section of ``path``; refuse when the markers are absent."""
    text = path.read_text()
    if BEGIN not in text or END not in text:
        raise SystemExit(f'{path}: no {BEGIN} ... {END} markers; add them where the table goes.')
    path.write_text(text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):])


def main():
    args = parse_args()
    # The command that trains and tabulates (--collect-only and --write change neither).
    shown = [arg for arg in sys.argv[1:] if arg not in ('--collect-only', '--write')]
    command = 'python tools/analysis/selection_study.py ' + ' '.join(shown)
    if not args.collect_only:
        generate_synthcity(REPO / args.data_root, num_source=400, num_target=400, num_val=100,
                           seed=0, skip_existing=True)
    rows = {}
    for method in args.methods:
        run_dir = REPO / args.work_dir / f'{method}_seed{args.seed}'
        entries = validations(run_dir)
        if args.iters not in entries and not args.collect_only:
            run_dir.mkdir(parents=True, exist_ok=True)
            print(f'{method}: training {args.iters} iterations in {run_dir} ...', flush=True)
            train(method, args, run_dir)
            entries = validations(run_dir)
        if args.iters not in entries:
            print(f'{method}: no finished run in {run_dir}; left out', flush=True)
            continue
        rows[method] = summarise({step: entries[step] for step in entries
                                  if step % args.interval == 0})
        print(f'{method}: done', flush=True)
    section = render(rows, args, command)
    print(section)
    if args.write:
        write_section(REPO / 'docs/benchmarks.md', section)
        print('written to docs/benchmarks.md')


if __name__ == '__main__':
    main()
