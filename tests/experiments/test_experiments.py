"""segda.experiments, the experiment runner: finished runs kept, killed runs resumed, metrics
read from mmengine's scalar logs, mean and std over seeds, a marked markdown section replaced
or appended; and the studies over it (re-ID, selection) reading finished runs."""
import json
import math
from types import SimpleNamespace

import pytest

from segda.experiments import reid, runs, selection
from segda.experiments.aggregate import mean_pm_std, mean_std, nanmean
from segda.experiments.metrics import final_train_scalars, last_val_metrics, validations
from segda.experiments.report import marked_section, markers, write_section


def write_scalars(run_dir, entries, stamp='20260101_000000'):
    log = run_dir / stamp / 'vis_data' / 'scalars.json'
    log.parent.mkdir(parents=True)
    log.write_text('\n'.join(json.dumps(entry) for entry in entries))


# -- runs ---------------------------------------------------------------------------------------
def test_finished_runs_are_kept_and_missing_ones_produced_and_kept(tmp_path):
    runs.seed_dir(tmp_path, 'dann', 0).mkdir()
    runs.write_result(runs.seed_dir(tmp_path, 'dann', 0), dict(seed=0, value=1.0, seconds=5.0))
    produced = []

    def produce(method, seed, run_dir):
        produced.append((method, seed))
        return dict(seed=seed, value=2.0, seconds=7.0, curve={3: 0.5})

    results = runs.run_all([('dann', 0), ('dann', 1)],
                           lambda method, seed: runs.seed_dir(tmp_path, method, seed),
                           produce, lambda result: f'value {result["value"]}')
    assert produced == [('dann', 1)]  # seed 0 was finished: not trained again
    assert [r['value'] for r in results['dann']] == [1.0, 2.0]
    assert results['dann'][1]['curve'] == {'3': 0.5}  # as a kept result reads it back
    assert runs.read_result(tmp_path / 'dann_seed1')['value'] == 2.0
    assert [r['seed'] for r in runs.kept_results(tmp_path, 'dann')] == [0, 1]

    produced.clear()
    runs.run_all([('dann', 0)], lambda method, seed: runs.seed_dir(tmp_path, method, seed),
                 produce, str, rerun=True)
    assert produced == [('dann', 0)]
    assert runs.read_result(tmp_path / 'dann_seed0')['value'] == 2.0


def test_complete_adds_what_a_kept_result_lacks(tmp_path):
    run_dir = tmp_path / 'adr_seed0'
    run_dir.mkdir()
    runs.write_result(run_dir, dict(seed=0, seconds=1.0))
    results = runs.run_all([('adr', 0)], lambda method, seed: run_dir, None, str,
                           complete=lambda method, result, run_dir: dict(result, pad=1.5))
    assert results['adr'][0]['pad'] == 1.5
    assert runs.read_result(run_dir)['pad'] == 1.5


@pytest.mark.parametrize('checkpoints, rerun, mode', [
    ([], False, []), (['iter_4.pth'], False, ['--resume']),
    (['iter_4.pth'], True, ['--overwrite'])])
def test_a_run_resumes_from_its_checkpoints_unless_rerun(tmp_path, monkeypatch, checkpoints,
                                                         rerun, mode):
    for name in checkpoints:
        (tmp_path / name).write_bytes(b'')
    commands = []
    monkeypatch.setattr(runs, 'run_logged',
                        lambda command, log, what: commands.append(command) or 1.0)
    runs.train('configs/x.py', tmp_path, ['randomness.seed=1'], 'x', 8, rerun)
    command = commands[0]
    assert command[1:5] == ['tools/train.py', 'configs/x.py', '--work-dir', str(tmp_path)]
    assert command[5:] == [*mode, '--cfg-options', 'randomness.seed=1']


def test_a_run_trained_to_the_end_is_not_trained_again(tmp_path, monkeypatch):
    # killed after its last checkpoint, before its result was kept: resuming it would be
    # refused (nothing left to train), so the runner reads the run as it is
    (tmp_path / '20260101_000000').mkdir()
    (tmp_path / 'iter_8.pth').write_bytes(b'')
    monkeypatch.setattr(runs, 'run_logged', lambda *args: pytest.fail('trained again'))
    assert runs.train('configs/x.py', tmp_path, [], 'x', 8) >= 0


@pytest.mark.slow
def test_a_run_trains_with_one_thread_and_names_its_log_when_it_fails(tmp_path):
    log = tmp_path / 'train.log'
    command = ['python', '-c', 'import os; print(os.environ["OMP_NUM_THREADS"])']
    runs.run_logged(command, log, 'probe')
    assert log.read_text() == '1\n'
    with pytest.raises(RuntimeError, match=f'probe failed .*{log}'):
        runs.run_logged(['python', '-c', 'raise SystemExit(3)'], log, 'probe')


def test_cfg_options_without_a_tag_are_a_usage_error():
    import argparse
    parser = argparse.ArgumentParser()
    runs.add_variant_arguments(parser)
    with pytest.raises(SystemExit) as exit_info:
        runs.parse_variant_arguments(parser, ['--cfg-options', 'model.x=1'])
    assert exit_info.value.code == 2
    assert runs.parse_variant_arguments(parser, ['--cfg-options', 'model.x=1', '--tag', 'x']).tag


# -- metrics ------------------------------------------------------------------------------------
def test_metrics_read_every_log_of_a_run_oldest_first(tmp_path):
    write_scalars(tmp_path, [dict(step=1, loss=4.0, lr=0.1, time=1.0),
                             dict(step=2, mIoU=10.0)], '20260101_000000')
    write_scalars(tmp_path, [dict(step=3, loss=2.0, **{'head.lr': 0.1}),  # resumed
                             dict(step=4, loss=1.0), dict(step=4, mIoU=30.0)], '20260102_000000')
    assert last_val_metrics(tmp_path) == dict(step=4, mIoU=30.0)
    assert final_train_scalars(tmp_path, 'mIoU', last=2) == dict(loss=1.5)  # no lr, no time
    assert list(validations(tmp_path, 'mIoU')) == [2, 4]
    with pytest.raises(RuntimeError, match='no validation metrics'):
        last_val_metrics(tmp_path, 'accuracy')


# -- aggregate ----------------------------------------------------------------------------------
def test_mean_and_sample_std_over_seeds():
    assert mean_std([1.0, 3.0]) == (2.0, math.sqrt(2.0))
    assert mean_std([5.0]) == (5.0, 0.0)
    assert mean_pm_std([10.0, 12.0]) == '11.0 ± 1.4'
    assert nanmean([1.0, None, math.nan, 3.0]) == 2.0
    assert math.isnan(nanmean([None]))


# -- report -------------------------------------------------------------------------------------
def test_a_section_replaces_the_one_between_its_markers(tmp_path):
    path = tmp_path / 'doc.md'
    begin, end = markers('t')
    path.write_text(f'# Doc\n\nbefore\n\n{begin}\nold\n{end}\n\nafter\n')
    message = write_section(path, marked_section('t', ['new']), 't', 'Title')
    assert path.read_text() == f'# Doc\n\nbefore\n\n{begin}\n\nnew\n\n{end}\n\nafter\n'
    assert 'replaced' in message


def test_a_section_without_markers_is_appended_under_its_title(tmp_path):
    path = tmp_path / 'doc.md'
    path.write_text('# Doc\n\ntext\n\n')
    message = write_section(path, marked_section('t', ['new']), 't', 'Title')
    begin, end = markers('t')
    assert path.read_text() == f'# Doc\n\ntext\n\n## Title\n\n{begin}\n\nnew\n\n{end}\n'
    assert 'appended' in message and 'no markers' in message
    write_section(tmp_path / 'new.md', marked_section('t', ['x']), 't', 'Title')
    assert (tmp_path / 'new.md').read_text().startswith('## Title\n\n')


# -- studies ------------------------------------------------------------------------------------
def test_the_selection_study_appends_its_section_to_a_file_without_markers(tmp_path):
    """It used to refuse (exit) when docs/benchmarks.md had no selection-study markers."""
    work = tmp_path / 'work'
    write_scalars(work / 'dann_seed0', [
        dict(step=step, mIoU=miou, target_entropy=-miou, target_im=miou, target_snd=miou,
             target_bnm=miou, target_mixval=miou)
        for step, miou in ((1, 10.0), (2, 30.0), (3, 20.0))])
    out = tmp_path / 'doc.md'
    out.write_text('# Doc\n')
    args = SimpleNamespace(benchmark='synthcity', methods=['dann'], seed=0, iters=3, interval=1,
                           data_root='unused', work_dir=str(work), collect_only=True,
                           write=True, out=str(out))
    selection.run(args, 'cmd')
    row = next(line for line in out.read_text().splitlines() if line.startswith('| DANN'))
    assert row == ('| DANN | +1.00 | +1.00 | +1.00 | +1.00 | +1.00 | 30.0 (2) | 30.0 (2) '
                   '| 30.0 (2) | 30.0 (2) | 30.0 (2) | 20.0 (3) | 30.0 (2) |')
    assert '## Label-free checkpoint selection on SynthCity' in out.read_text()
    assert 'RV' not in out.read_text()  # reverse validation: classification pairs only


def test_reid_benchmark_keeps_finished_runs_and_tabulates_them(tmp_path, monkeypatch):
    """It used to be a Makefile loop that trained every run again (--overwrite)."""
    figures = dict(rank1=10.0, rank5=30.0, rank10=40.0, rank20=60.0, mAP=20.0)
    for seed, shift in ((0, 0.0), (1, 2.0)):
        run_dir = reid.run_dir_of(tmp_path, 'dann', seed)
        run_dir.mkdir(parents=True)
        runs.write_result(run_dir, dict(method='dann', seed=seed, seconds=1.0,
                                        **{k: v + shift for k, v in figures.items()}))
    monkeypatch.setattr(reid, 'train', lambda *args: pytest.fail('a finished run was trained'))
    args = SimpleNamespace(methods=['dann'], seeds=[0, 1], work_dir=str(tmp_path),
                           rerun=False, no_write=True)
    lines = reid.run(args, 'python tools/benchmark_reid.py').splitlines()
    assert '| DANN | 11.0 ± 1.4 | 31.0 ± 1.4 | 41.0 ± 1.4 | 61.0 ± 1.4 | 21.0 ± 1.4 |' in lines
    assert ('| DANN | 10.0 / 30.0 / 40.0 / 60.0 / 20.0 | 12.0 / 32.0 / 42.0 / 62.0 / 22.0 |'
            in lines)


def test_cfg_options_are_read_with_their_types_as_train_py_reads_them():
    # a run with train_cfg.max_iters=12000 must be checked against the int 12000 it trains
    cfg = runs.configured('configs/classification/dann_digits_mnistm_demo.py',
                          ['train_cfg.max_iters=12000', 'randomness.seed=2',
                           'optim_wrapper.clip_grad=None'])
    assert cfg.train_cfg.max_iters == 12000 and cfg.randomness.seed == 2
    assert cfg.optim_wrapper.clip_grad is None
