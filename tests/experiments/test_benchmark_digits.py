"""The digits benchmark (tools/benchmark_digits.py, segda.experiments.digits): the training
losses followed over the schedule (label-free) and the schedule table beside the target
accuracy."""
import json

from segda.experiments import digits as study
from segda.experiments.metrics import training_curve


def write_scalars(run_dir, entries):
    log = run_dir / '20260101_000000' / 'vis_data' / 'scalars.json'
    log.parent.mkdir(parents=True)
    log.write_text('\n'.join(json.dumps(entry) for entry in entries))


def test_training_curve_averages_the_last_logged_iterations_before_each_validation(tmp_path):
    train = [dict(step=step, loss_domain=float(step), lr=0.1, time=1.0) for step in range(1, 9)]
    write_scalars(tmp_path, train[:4] + [dict(step=4, accuracy=50.0)] + train[4:]
                  + [dict(step=8, accuracy=60.0)])
    curve = training_curve(tmp_path, study.METRIC, study.SCHEDULE_PREFIXES, last=2)
    assert curve == {4: dict(loss_domain=3.5), 8: dict(loss_domain=7.5)}  # lr, time left out


def test_schedule_table_shows_both_signals_and_the_accuracy_per_validation():
    runs = [dict(train_curve={'4': dict(loss_task=1.0, loss_domain=1.2),
                              '8': dict(loss_task=0.5, loss_domain=1.3)},
                 curve={'4': 40.0, '8': 60.0}),
            dict(train_curve={'4': dict(loss_task=3.0, loss_domain=1.4),
                              '8': dict(loss_task=0.7, loss_domain=1.3)},
                 curve={'4': 50.0, '8': 70.0})]
    lines = study.schedule_table(dict(dann=runs, source_only=[dict(train_curve={}, curve={})]))
    assert 'at iterations 4 / 8' in lines[1]
    assert lines[-1] == '| DANN | `loss_task` 2 / 0.6 | `loss_domain` 1.3 / 1.3 | 45 / 65 |'
    assert not any('Source only' in line for line in lines)  # no curve recorded: left out
