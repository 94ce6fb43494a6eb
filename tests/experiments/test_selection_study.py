"""The label-free selection study (segda.experiments.selection, tools/analysis/
selection_study.py) on the digits pairs: the runs' leaf config and options, the reverse
validation of each checkpoint and its cache, the rank correlations and picks with the RV
column, and the benchmark's defaults (SynthCity's unchanged)."""
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from segda.apis.config import read_config
from segda.experiments import selection, selection_digits
from segda.experiments.selection_spec import LEAF

from helpers.cli import load_tool


def digits_args(tmp_path, **changes):
    args = dict(benchmark='digits', pair='mnistm', methods=['dann'], seed=1, iters=3000,
                interval=500, rv_iters=500, data_root='/elsewhere/mnistm',
                work_dir=str(tmp_path / 'work'), collect_only=False, write=False,
                out=str(tmp_path / 'doc.md'))
    return SimpleNamespace(**dict(args, **changes))


def write_scalars(run_dir, entries):
    log = run_dir / '20260101_000000' / 'vis_data' / 'scalars.json'
    log.parent.mkdir(parents=True)
    log.write_text('\n'.join(json.dumps(entry) for entry in entries))


def scores(value):
    return dict(target_entropy=-value, target_im=value, target_snd=value, target_bnm=value,
                target_mixval=value)


# -- the runs -----------------------------------------------------------------------------------
def test_a_digits_run_trains_a_leaf_config_with_the_hook_and_a_checkpoint_every_interval(
        tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(selection_digits, 'train', lambda *call: calls.append(call))
    selection_digits.train_method('dann', digits_args(tmp_path), tmp_path)
    [(config, run_dir, options, _, iters)] = calls
    assert (config, run_dir, iters) == (str(tmp_path / LEAF), tmp_path, 3000)
    cfg = read_config(config)
    assert cfg.model.type == 'DANN'  # the leaf is the method's config ...
    [hook] = cfg.custom_hooks  # ... with the hook on the configs' target train images
    assert hook == dict(type='LabelFreeScoreHook', num_images=selection_digits.NUM_IMAGES,
                        seed=0, mixval=True)
    assert cfg.train_dataloader.dataset.target.split == 'train'
    for option in ('randomness.seed=1', 'train_cfg.max_iters=3000',
                   'train_cfg.val_interval=500', 'default_hooks.checkpoint.interval=500',
                   'default_hooks.checkpoint.max_keep_ckpts=-1', 'custom_hooks.0.mixval=True'):
        assert option in options
    roots = [option.split('=', 1)[1] for option in options if '.data_root=' in option]
    assert sorted(roots) == ['/elsewhere/mnistm/source', '/elsewhere/mnistm/target',
                             '/elsewhere/mnistm/target', '/elsewhere/mnistm/target']


def test_source_only_runs_on_both_schedules_of_the_digits_benchmark():
    configs = {method: read_config(selection_digits.REPO
                                   / selection_digits.config_of(method, 'mnistm'))
               for method in ('source_only', 'source_only_sgd', 'adr', 'dann')}
    optimiser = {method: cfg.optim_wrapper.generator.optimizer.type
                 for method, cfg in configs.items()}
    assert optimiser == dict(source_only='Adam', adr='Adam', source_only_sgd='SGD', dann='SGD')
    assert set(selection_digits.METHODS) == {'source_only', 'source_only_sgd', 'dann', 'adr',
                                             'ent', 'symnets'}


# -- reverse validation per checkpoint, kept ------------------------------------------------------
@pytest.fixture
def reverse_runs(monkeypatch):
    """The reverse validation tool's commands, each answered with a result file."""
    commands = []

    def run_logged(command, log, what):
        commands.append(command)
        out = command[command.index('--out') + 1]
        step = int(command[3].rsplit('_', 1)[1].split('.')[0])
        iters = int(command[command.index('--max-iters') + 1])
        with open(out, 'w') as file:
            json.dump(dict(reverse_accuracy=50.0 + step / 100, reverse_max_iters=iters), file)
        return 1.0

    monkeypatch.setattr(selection_digits, 'run_logged', run_logged)
    return commands


def test_each_checkpoint_is_reverse_validated_once_and_its_result_kept(tmp_path, reverse_runs):
    run_dir = tmp_path / 'dann_seed1'
    run_dir.mkdir()
    for step in (500, 1000):
        (run_dir / f'iter_{step}.pth').write_bytes(b'')
    args = digits_args(tmp_path)
    measured = selection_digits.reverse_validation_scores('dann', run_dir, [500, 1000], args)
    assert measured == {500: dict(reverse_validation=55.0), 1000: dict(reverse_validation=60.0)}
    command = reverse_runs[0]
    assert command[1:4] == [selection_digits.RV_TOOL,
                            'configs/classification/dann_digits_mnistm_demo.py',
                            str(run_dir / 'iter_500.pth')]
    assert command[command.index('--max-iters') + 1] == '500'
    assert command[command.index('--out') + 1] == str(run_dir / 'reverse_validation'
                                                      / 'iter_500.json')
    assert '--overwrite' in command
    assert any(option.endswith('=/elsewhere/mnistm/target') for option in command)

    reverse_runs.clear()  # a rerun reads the kept results
    assert selection_digits.reverse_validation_scores('dann', run_dir, [500, 1000],
                                                      args) == measured
    assert reverse_runs == []


def test_a_kept_reverse_validation_is_measured_again_when_stale(tmp_path, reverse_runs):
    run_dir = tmp_path / 'dann_seed1'
    run_dir.mkdir()
    checkpoint = run_dir / 'iter_500.pth'
    checkpoint.write_bytes(b'')
    args = digits_args(tmp_path)
    selection_digits.reverse_validation_scores('dann', run_dir, [500], args)
    selection_digits.reverse_validation_scores('dann', run_dir, [500], digits_args(
        tmp_path, rv_iters=800))  # other reverse iterations
    kept = selection_digits.rv_result_path(run_dir, 500)
    assert json.loads(kept.read_text())['reverse_max_iters'] == 800
    later = kept.stat().st_mtime + 10  # the checkpoint trained again after it
    os.utime(checkpoint, (later, later))
    selection_digits.reverse_validation_scores('dann', run_dir, [500],
                                               digits_args(tmp_path, rv_iters=800))
    assert len(reverse_runs) == 3


def test_collect_only_measures_no_reverse_validation(tmp_path, reverse_runs):
    run_dir = tmp_path / 'dann_seed1'
    run_dir.mkdir()
    (run_dir / 'iter_500.pth').write_bytes(b'')
    args = digits_args(tmp_path, collect_only=True)
    assert selection_digits.reverse_validation_scores('dann', run_dir, [500], args) == {}
    assert reverse_runs == []


def test_a_missing_checkpoint_is_named(tmp_path, reverse_runs):
    with pytest.raises(FileNotFoundError, match='iter_500.pth is missing'):
        selection_digits.reverse_validate('dann', 500, digits_args(tmp_path), tmp_path)


# -- rank correlations, picks, the table -------------------------------------------------------
def test_the_scores_and_reverse_validation_are_ranked_against_the_target_accuracy():
    accuracy = {500: 40.0, 1000: 70.0, 1500: 60.0}
    reverse = {500: 90.0, 1000: 80.0, 1500: 85.0}  # ranks the checkpoints backwards
    entries = {step: dict(accuracy=value, reverse_validation=reverse[step], **scores(value))
               for step, value in accuracy.items()}
    benchmark = selection_digits.benchmark(digits_args(Path('unused')))
    row = selection.summarise(entries, 'accuracy', selection.columns(benchmark))
    assert row['last'] == (1500, 60.0) and row['oracle'] == (1000, 70.0)
    assert row['target_entropy']['rho'] == pytest.approx(1.0)  # negated: low entropy wins
    assert row['target_im']['pick'] == (1000, 70.0)
    assert row['reverse_validation']['rho'] == pytest.approx(-1.0)
    assert row['reverse_validation']['pick'] == (500, 40.0)

    del entries[1500]['reverse_validation']  # not measured at every checkpoint
    partial = selection.summarise(entries, 'accuracy', selection.columns(benchmark))
    assert partial['reverse_validation'] == dict(rho=None, pick=None)
    section = selection.render(dict(dann=row, adr=partial), digits_args(Path('unused')), 'cmd',
                               benchmark)
    lines = section.splitlines()[8:]
    assert '| ρ(MixVal) | ρ(RV) | picked by entropy |' in lines[0]
    assert '| picked by RV | last | best (oracle: target labels) |' in lines[0]
    assert lines[2] == ('| DANN | +1.00 | +1.00 | +1.00 | +1.00 | +1.00 | -1.00 | 70.0 (1000) '
                        '| 70.0 (1000) | 70.0 (1000) | 70.0 (1000) | 70.0 (1000) | 40.0 (500) '
                        '| 60.0 (1500) | 70.0 (1000) |')
    assert lines[3].startswith('| ADR (C) |') and '| +1.00 | – |' in lines[3]
    assert lines[3].count('–') == 2
    assert 'accuracy (%) on the target test split of the mnistm pair' in section
    assert 'trained 500 iterations' in section


def test_the_digits_study_tabulates_finished_runs_in_its_pair_section(tmp_path, reverse_runs):
    args = digits_args(tmp_path, collect_only=True, write=True, iters=1000)
    run_dir = tmp_path / 'work' / 'dann_seed1'
    write_scalars(run_dir, [dict(step=step, accuracy=value, **scores(value))
                            for step, value in ((500, 30.0), (1000, 20.0))])
    for step, value in ((500, 90.0), (1000, 80.0)):
        kept = selection_digits.rv_result_path(run_dir, step)
        kept.parent.mkdir(exist_ok=True)
        kept.write_text(json.dumps(dict(reverse_accuracy=value, reverse_max_iters=500)))
    selection.run(args, 'cmd')
    text = (tmp_path / 'doc.md').read_text()
    assert text.startswith(f'## {selection_digits.TITLES["mnistm"]}\n\n'
                           '<!-- selection-study-digits-mnistm:begin -->')
    row = next(line for line in text.splitlines() if line.startswith('| DANN'))
    assert row.split(' | ')[6] == '+1.00'  # RV ranks the two checkpoints as accuracy does
    assert reverse_runs == []


# -- the tool's defaults ------------------------------------------------------------------------
def test_each_benchmark_has_its_defaults():
    tool = load_tool('analysis/selection_study.py')
    synthcity = tool.parse_args([])
    assert (synthcity.benchmark, synthcity.iters, synthcity.interval, synthcity.rv_iters,
            synthcity.data_root, synthcity.work_dir) == (
        'synthcity', 600, 100, None, 'data/synthcity_bench', 'work_dirs/selection_study')
    assert synthcity.methods == ['source_only', 'dann', 'adr', 'ent', 'symnets']
    digits = tool.parse_args(['--benchmark', 'digits', '--pair', 'mnistm'])
    assert (digits.iters, digits.interval, digits.rv_iters, digits.data_root,
            digits.work_dir) == (3000, 500, 500, 'data/digits_mnistm_demo',
                                 'work_dirs/selection_study_digits/mnistm')
    assert digits.methods == list(selection_digits.METHODS)


@pytest.mark.parametrize('argv', [['--rv-iters', '500'], ['--methods', 'source_only_sgd']])
def test_what_synthcity_does_not_have_is_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit):
        load_tool('analysis/selection_study.py').parse_args(argv)
    assert '--benchmark' in capsys.readouterr().err
