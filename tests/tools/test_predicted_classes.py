"""tools/predicted_classes.py: predicted-class shares on target images, labels never read."""
import json
import shutil

import pytest
import torch

from segda.apis.config import read_config
from segda.evaluation.domain_features import predicted_counts
from segda.registry import MODELS

from helpers.cli import REPO, run_tool, synthcity_options

CONFIG = 'configs/symnets_fcn_synthcity.py'


class FixedPredictions:
    """A model whose test_step predicts the batch's own maps (no label read)."""

    def test_step(self, batch):
        return [dict(pred_seg=maps) for maps in batch]


def test_pixel_counts_sum_every_predicted_map_of_the_loader():
    loader = [[torch.tensor([[0, 2], [2, 2]])], [torch.tensor([[1, 2]]), torch.tensor([[0]])]]
    counts = predicted_counts(FixedPredictions(), loader, num_classes=4)
    assert counts.tolist() == [2, 1, 4, 0]
    assert counts.dtype == torch.int64


@pytest.mark.slow
def test_shares_of_a_2k_head_without_labels(tiny_synthcity, tmp_path):
    root = tmp_path / 'synthcity'
    shutil.copytree(tiny_synthcity, root)
    shutil.rmtree(root / 'cityscapes' / 'gtFine')  # any attempt to read a label now fails
    torch.manual_seed(0)
    model = MODELS.build(read_config(REPO / CONFIG).model)
    torch.save(dict(state_dict=model.state_dict()), tmp_path / 'model.pth')

    out = tmp_path / 'shares.json'
    done = run_tool('predicted_classes.py', CONFIG, tmp_path / 'model.pth', '--out', out,
                    '--cfg-options', *synthcity_options(CONFIG, root))
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    shares = result['shares']
    assert len(shares) == 19  # K classes from Ct, not the head's 2K outputs
    assert abs(sum(shares.values()) - 1) < 1e-6
    assert result['images'] == 4
    assert result['predicted_classes'] == [c for c, s in shares.items() if s >= 0.01]
    assert f"{len(result['predicted_classes'])} of 19 classes" in done.stdout

    shutil.rmtree(root / 'gta5' / 'labels')
    done = run_tool('predicted_classes.py', CONFIG, tmp_path / 'model.pth', '--images', 'train',
                    '--out', out, '--overwrite', '--cfg-options',
                    *synthcity_options(CONFIG, root))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())['images'] == 8
    assert f"8 images of {root / 'gta5'}" in done.stdout  # the pair's source, not its target


@pytest.mark.slow
def test_missing_checkpoint_is_named(tiny_synthcity, tmp_path):
    done = run_tool('predicted_classes.py', CONFIG, tmp_path / 'none.pth',
                    '--cfg-options', *synthcity_options(CONFIG, tiny_synthcity))
    assert done.returncode == 1
    assert 'none.pth' in done.stderr


@pytest.mark.slow
def test_a_classifier_gets_the_shares_of_its_images_and_a_reid_model_is_refused(tmp_path):
    from segda.apis import relocate_data_roots
    from segda.datasets.classification.digits_demo import generate_digits_demo
    config = 'configs/classification/dann_digits_demo.py'
    generate_digits_demo(str(tmp_path / 'digits'), num_source_train=8, num_source_test=4)
    cfg = read_config(REPO / config)
    torch.manual_seed(0)
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()), tmp_path / 'model.pth')
    options = relocate_data_roots(cfg, 'data/digits_demo', tmp_path / 'digits')
    done = run_tool('predicted_classes.py', config, tmp_path / 'model.pth', '--out',
                    tmp_path / 'shares', '--cfg-options', *options)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / 'shares.json').read_text())  # .json added to the name
    assert len(result['shares']) == 10 and abs(sum(result['shares'].values()) - 1) < 1e-6
    assert all(share * result['images'] == pytest.approx(round(share * result['images']))
               for share in result['shares'].values())  # whole images, not pixels
    assert 'classes take at least 1 % of the images' in done.stdout

    reid = 'configs/reid/dann_pedestrians_demo.py'
    done = run_tool('predicted_classes.py', reid, tmp_path / 'model.pth')
    assert done.returncode == 1 and 'Traceback' not in done.stderr
    assert ('tools/predicted_classes.py is for segmentation and classification models; this '
            "config's task (ReIDTask) is a re-identification model. It predicts no class"
            in done.stderr)
