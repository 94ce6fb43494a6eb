"""tools/analysis/cmc_plot.py: CMC curves from curve files and work dirs (mean over the
seeds found under a folder), as a PNG; bad inputs are one clear error."""
import json

import cv2
import numpy as np
import pytest

from helpers.cli import load_tool

cmc_plot = load_tool('analysis/cmc_plot.py')


def write_curve(path, cmc):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(cmc=cmc, metrics=dict(rank1=cmc[0]))))
    return path


def test_folder_curves_are_averaged_and_padded(tmp_path):
    write_curve(tmp_path / 'dann' / 'seed0' / 'cmc.json', [10.0, 50.0, 100.0])
    write_curve(tmp_path / 'dann' / 'seed1' / 'cmc.json', [30.0, 70.0, 90.0, 100.0])
    curves = cmc_plot.curves_of(str(tmp_path / 'dann'), max_rank=5)
    np.testing.assert_allclose(curves, [[10, 50, 100, 100, 100], [30, 70, 90, 100, 100]])


def test_plot_writes_a_png_and_refuses_to_replace_it(tmp_path, capsys):
    single = write_curve(tmp_path / 'oracle.json', [60.0, 80.0, 90.0])
    write_curve(tmp_path / 'runs' / 'seed0' / 'cmc.json', [5.0, 10.0, 20.0])
    write_curve(tmp_path / 'runs' / 'seed1' / 'cmc.json', [15.0, 20.0, 30.0])
    out = tmp_path / 'figures' / 'cmc.png'
    args = [str(single), str(tmp_path / 'runs'), '--labels', 'oracle', 'source only',
            '--out', str(out), '--max-rank', '3']
    assert cmc_plot.main(args) == 0
    image = cv2.imread(str(out))
    assert image is not None and image.shape[0] > 100
    assert cmc_plot.main(args) == 2 and 'pass --overwrite' in capsys.readouterr().err
    assert cmc_plot.main(args + ['--overwrite']) == 0


def test_bad_inputs_are_named(tmp_path, capsys):
    out = str(tmp_path / 'cmc.png')
    assert cmc_plot.main([str(tmp_path), '--out', out]) == 2
    assert 'no cmc.json under' in capsys.readouterr().err
    broken = tmp_path / 'broken.json'
    broken.write_text('{"rank1": 3}')
    assert cmc_plot.main([str(broken), '--out', out]) == 2
    assert 'is not a ReIDMetric curve file' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cmc_plot.main([str(broken), '--labels', 'a', 'b', '--out', out])
    assert 'one label per curve source' in capsys.readouterr().err


def test_out_without_a_suffix_is_checked_as_the_png_it_writes(tmp_path, capsys):
    curve = write_curve(tmp_path / 'oracle.json', [60.0, 80.0, 90.0])
    (tmp_path / 'cmc.png').write_bytes(b'earlier figure')
    assert cmc_plot.main([str(curve), '--out', str(tmp_path / 'cmc')]) == 2
    assert 'pass --overwrite' in capsys.readouterr().err
    assert (tmp_path / 'cmc.png').read_bytes() == b'earlier figure'
