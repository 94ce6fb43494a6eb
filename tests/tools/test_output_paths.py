"""No tool writes into a dataset folder, and no output file is replaced
without --overwrite (tools/test.py --show-dir, tools/predicted_classes.py --out)."""
import shutil

import numpy as np
import pytest
import torch

from segda.apis.config import read_config
from segda.registry import MODELS
from segda.visualization.show_predictions import ShowPredictionsHook

from helpers.cli import REPO, run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'
SMALL = 'model.task.decoder.channels=16'


@pytest.fixture
def data_and_checkpoint(tiny_synthcity, tmp_path):
    """A private copy of the tiny SynthCity (the tests try to write into it) and weights
    that fit the config."""
    root = tmp_path / 'synthcity'
    shutil.copytree(tiny_synthcity, root)
    cfg = read_config(REPO / CONFIG)
    cfg.merge_from_dict({SMALL.split('=')[0]: 16})
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()), tmp_path / 'model.pth')
    return root, tmp_path / 'model.pth'


def _snapshot(root):
    return {p: p.read_bytes() for p in sorted(root.rglob('*')) if p.is_file()}


@pytest.mark.parametrize('inside', ['cityscapes/leftImg8bit/val/vectorhaven',
                                    'cityscapes/leftImg8bit'])
@pytest.mark.slow
def test_show_dir_inside_the_data_is_refused(inside, data_and_checkpoint):
    root, checkpoint = data_and_checkpoint
    before = _snapshot(root)
    result = run_tool('test.py', CONFIG, checkpoint, '--show-dir', root / inside,
                      '--cfg-options', *synthcity_options(CONFIG, root), SMALL)
    assert result.returncode == 1
    assert 'inside the dataset folder' in result.stderr and 'Traceback' not in result.stderr
    assert _snapshot(root) == before


@pytest.mark.slow
def test_predicted_classes_keeps_an_existing_out_file(data_and_checkpoint, tmp_path):
    root, checkpoint = data_and_checkpoint
    out = tmp_path / 'shares.json'
    out.write_text('earlier results')
    result = run_tool('predicted_classes.py', CONFIG, checkpoint, '--out', out,
                      '--cfg-options', *synthcity_options(CONFIG, root), SMALL)
    assert result.returncode == 1 and '--overwrite' in result.stderr
    assert out.read_text() == 'earlier results'


def _output(image_path):
    return dict(img_path=str(image_path), pred_seg=np.zeros((64, 128), dtype=np.int64))


def test_show_predictions_replaces_nothing_without_overwrite(tiny_synthcity, tmp_path):
    image = next((tiny_synthcity / 'cityscapes' / 'leftImg8bit').rglob('*.png'))
    existing = tmp_path / f'{image.stem}.png'
    existing.write_bytes(b'an earlier figure')
    hook = ShowPredictionsHook(out_dir=tmp_path)
    hook.before_test(None)
    with pytest.raises(FileExistsError, match='--overwrite'):
        hook.after_test_iter(None, 0, outputs=[_output(image)])
    assert existing.read_bytes() == b'an earlier figure'

    hook = ShowPredictionsHook(out_dir=tmp_path, overwrite=True)
    hook.before_test(None)
    hook.after_test_iter(None, 0, outputs=[_output(image)])
    assert existing.read_bytes() != b'an earlier figure'
