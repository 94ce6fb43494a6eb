"""The reproduction table (tools/reproduction_table.py, segda.experiments.reproduction): the
share of the gap closed from the runs it finds, and a row without runs says which are
missing instead of a figure."""
import json

from segda.experiments import reproduction as study


def write_runs(root, method, accuracies, clean=None):
    for seed, accuracy in enumerate(accuracies):
        run = root / f'{method}_seed{seed}'
        run.mkdir(parents=True)
        result = dict(accuracy=accuracy)
        if clean is not None:
            result['accuracy_clean'] = clean[seed]
        (run / 'result.json').write_text(json.dumps(result))


def test_gap_closed_from_the_runs_and_missing_runs_named(tmp_path):
    digits = tmp_path / 'digits'
    write_runs(digits, 'source_only_sgd', [50.0, 60.0])   # mean 55
    write_runs(digits, 'dann', [70.0, 80.0])              # mean 75
    write_runs(digits, 'oracle_sgd', [94.0, 96.0])        # mean 95: (75 - 55) / 40 = 50 %
    write_runs(digits, 'source_only', [60.0, 60.0])
    write_runs(digits, 'adr', [0.0, 0.0], clean=[80.0, 90.0])  # C' 85: 25 / 38
    write_runs(digits, 'oracle', [98.0, 98.0])
    args = type('Args', (), dict(digits_work_dir=str(digits),
                                 reid_work_dir=str(tmp_path / 'none')))
    rows = {line.split(' | ')[0]: line.split(' | ')
            for line in study.render(args, 'cmd').splitlines() if line.startswith('| ')}
    dann = rows['| DANN, MNIST -> MNIST-M (JMLR 2016, Table 2)']
    assert dann[1] == '52.25 / 76.66 / 95.96'
    assert dann[2] == f'{100 * (76.66 - 52.25) / (95.96 - 52.25):.1f} %'
    assert dann[4] == '55.0 ± 7.1 / 75.0 ± 7.1 / 95.0 ± 1.4'
    assert dann[5] == '50.0 %' and dann[6] == '2'
    adr = rows["| ADR, digits (ICLR 2018, Table 1: SVHN -> MNIST, C')"]
    assert adr[4].split(' / ')[1] == '85.0 ± 7.1'
    assert adr[5] == f'{100 * 25 / 38:.1f} %'
    ent = rows['| ENT, digits (ADR ICLR 2018, Table 1: SVHN -> MNIST)']
    assert ent[4] == 'not measured (no runs of ent)' and ent[5] == '–'
