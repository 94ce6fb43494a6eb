"""Label-free scores (segda/evaluation/label_free.py) and their validation hook."""
import json
import math
import shutil

import pytest
import torch

from segda.evaluation.label_free import (
    information_maximisation,
    label_free_scores,
    largest_class_share,
    mean_entropy,
    soft_neighbourhood_density,
)
from tests.cli_helpers import REPO, run_tool, synthcity_options

CONFIG = 'configs/dann_fcn_synthcity.py'


def _entropy(row):
    return -sum(p * math.log(p) for p in row if p > 0)


PROBS = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]]


def test_entropy_and_im_match_the_direct_formulas():
    probs = torch.tensor(PROBS, dtype=torch.float64)
    expected_entropy = sum(_entropy(row) for row in PROBS) / len(PROBS)
    mean_row = [sum(row[k] for row in PROBS) / len(PROBS) for k in range(3)]
    assert mean_entropy(probs) == pytest.approx(expected_entropy, abs=1e-9)
    assert information_maximisation(probs) == pytest.approx(
        _entropy(mean_row) - expected_entropy, abs=1e-9)


def test_im_rewards_confident_and_diverse_predictions():
    one_hot = torch.eye(4)
    assert information_maximisation(one_hot) == pytest.approx(math.log(4))  # the maximum
    assert information_maximisation(one_hot[[0, 0, 0, 0]]) == pytest.approx(0.0)  # collapsed
    assert information_maximisation(torch.full((4, 4), 0.25)) == pytest.approx(0.0)  # uniform


def test_snd_of_two_tight_clusters_and_of_spread_points():
    # Two clusters of n identical points, far apart: each point's neighbours are its n - 1
    # cluster mates (similarity 1/tau) against the other cluster (similarity 0, weight
    # exp(-1/tau) ~ 2e-9), so the row is uniform over n - 1 points: SND = log(n - 1).
    n = 5
    clusters = torch.cat([torch.tensor([[1.0, 0.0]]).repeat(n, 1),
                          torch.tensor([[0.0, 1.0]]).repeat(n, 1)])
    assert soft_neighbourhood_density(clusters) == pytest.approx(math.log(n - 1), abs=1e-6)
    # 2n mutually orthogonal points: every other point is equally near, SND = log(2n - 1),
    # yet the spread is a sparse neighbourhood once the temperature separates near from far.
    assert soft_neighbourhood_density(torch.eye(2 * n)) == pytest.approx(math.log(2 * n - 1))
    spread = torch.nn.functional.normalize(torch.randn(2 * n, 16,
                                                       generator=torch.Generator().manual_seed(0)),
                                           dim=1)
    assert soft_neighbourhood_density(spread) < soft_neighbourhood_density(clusters)


def test_snd_follows_the_temperature_definition():
    points = torch.tensor([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    similarity = points @ points.t() / 0.5
    expected = 0.0
    for i in range(3):
        weights = [math.exp(similarity[i, j].item()) for j in range(3) if j != i]
        expected += _entropy([w / sum(weights) for w in weights]) / 3
    assert soft_neighbourhood_density(points, temperature=0.5) == pytest.approx(expected)
    with pytest.raises(ValueError, match='N >= 2'):
        soft_neighbourhood_density(points[:1])


def test_scores_are_keyed_as_logged():
    assert set(label_free_scores(torch.tensor(PROBS))) == {'target_entropy', 'target_im',
                                                          'target_snd', 'target_max_share'}


def test_largest_class_share_counts_the_argmax_classes():
    probs = torch.tensor([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0.9, 0.05, 0.05]])
    assert largest_class_share(probs) == pytest.approx(3 / 4)  # class 0 wins 3 of 4 rows
    assert largest_class_share(torch.eye(4)) == pytest.approx(1 / 4)  # spread evenly


@pytest.mark.slow
def test_a_training_run_logs_the_scores_without_target_train_labels(tiny_synthcity, tmp_path):
    root = tmp_path / 'synthcity'
    shutil.copytree(tiny_synthcity, root)
    labels = root / 'cityscapes' / 'gtFine' / 'train'
    assert labels.is_dir()
    shutil.rmtree(labels)  # no target TRAIN label may be needed
    work_dir = tmp_path / 'work'
    result = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--cfg-options',
                      *synthcity_options(CONFIG, root), 'train_cfg.max_iters=2',
                      'train_cfg.val_interval=2', 'model.task.decoder.channels=16',
                      'custom_hooks.0.num_images=3', 'custom_hooks.0.pixels_per_image=20')
    assert result.returncode == 0, result.stderr[-3000:]
    entries = [json.loads(line) for log in work_dir.glob('*/vis_data/scalars.json')
               for line in log.read_text().splitlines() if '"mIoU"' in line]
    assert len(entries) == 1
    scores = {key: entries[0][key] for key in ('target_entropy', 'target_im', 'target_snd')}
    assert 0 <= scores['target_entropy'] <= math.log(19)
    assert 0 <= scores['target_snd'] <= math.log(3 * 20 - 1)
    assert -1e-6 <= scores['target_im'] <= math.log(19)
    assert 'target_snd' in result.stdout + result.stderr  # in the validation log line


class _Runner:
    """What the hook reads of a runner: the config, the model and the message hub."""

    def __init__(self, cfg, model):
        from mmengine.logging import MessageHub
        self.cfg, self.model = cfg, model
        self.message_hub = MessageHub.get_instance('test_label_free')


def _tiny_runner(config, root):
    """A runner of ``config`` on the tiny SynthCity, its model (narrow decoder) in eval mode."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from segda.apis import relocate_data_roots
    from segda.registry import MODELS
    init_default_scope('segda')
    cfg = Config.fromfile(REPO / config)
    cfg.merge_from_dict(dict(option.split('=', 1) for option in relocate_data_roots(
        cfg, 'data/synthcity', str(root))))
    cfg.model.task.decoder.channels = 16
    return _Runner(cfg, MODELS.build(cfg.model).eval())


def test_the_hook_scores_the_same_unlabelled_pixels_at_every_validation(tiny_synthcity):
    from segda.evaluation import LabelFreeScoreHook
    runner = _tiny_runner(CONFIG, tiny_synthcity)
    runner.cfg.train_dataloader.dataset.target.with_labels = True  # the hook drops it anyway
    hook = LabelFreeScoreHook(num_images=3, pixels_per_image=10, seed=1)
    rng_before = torch.get_rng_state()
    first = hook.target_posteriors(runner)
    assert torch.equal(torch.get_rng_state(), rng_before)  # the training streams untouched
    assert first.shape == (3 * 10, 19)
    assert torch.allclose(first.sum(dim=1), torch.ones(30))
    assert torch.equal(hook.target_posteriors(runner), first)  # same images, flips, pixels
    assert all('gt_seg' not in batch['data_samples'][0] for batch, _ in hook.samples)
    metrics = dict(mIoU=1.0)
    hook.after_val_epoch(runner, metrics)
    assert set(metrics) == {'mIoU', 'target_entropy', 'target_im', 'target_snd',
                            'target_max_share'}
    assert runner.message_hub.get_scalar('val/target_snd').current() == metrics['target_snd']


def test_a_config_without_a_domain_pair_is_refused_by_name():
    from mmengine.config import Config

    from segda.evaluation.label_free_hook import target_train_dataset_cfg
    with pytest.raises(ValueError, match='not a DomainPairDataset.*dataset=dict'):
        target_train_dataset_cfg(Config.fromfile(REPO / 'configs/source_only_fcn_synthcity.py'))


def test_symnets_is_scored_on_the_classifier_it_predicts_with(tiny_synthcity):
    from segda.evaluation import LabelFreeScoreHook
    runner = _tiny_runner('configs/symnets_fcn_synthcity.py', tiny_synthcity)
    model = runner.model
    hook = LabelFreeScoreHook(num_images=1, pixels_per_image=10)
    posteriors = hook.target_posteriors(runner)
    batch, (rows, cols) = hook.samples[0]
    hidden, source_classifier = model.task.narrow_split()
    with torch.no_grad():
        embedding = hidden(model.task.extract(model.data_preprocessor(batch, False)['inputs']))
        for classifier, same in ((model.target_classifier, True), (source_classifier, False)):
            expected = classifier(embedding)[0].softmax(dim=0)[:, rows, cols].t()
            assert torch.allclose(posteriors, expected, atol=1e-6) == same


def test_a_classifier_is_scored_on_one_posterior_per_image(tmp_path):
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from segda.apis import relocate_data_roots
    from segda.datasets.classification.digits_demo import generate_digits_demo
    from segda.evaluation import LabelFreeScoreHook
    from segda.registry import MODELS
    config = 'configs/classification/dann_digits_demo.py'
    generate_digits_demo(str(tmp_path), num_source_train=8, num_source_test=4)
    init_default_scope('segda')
    cfg = Config.fromfile(REPO / config)
    cfg.merge_from_dict(dict(option.split('=', 1) for option in relocate_data_roots(
        cfg, 'data/digits_demo', str(tmp_path))))
    runner = _Runner(cfg, MODELS.build(cfg.model).eval())
    hook = LabelFreeScoreHook(num_images=5, pixels_per_image=10)
    hook.before_run(runner)
    posteriors = hook.target_posteriors(runner)
    assert posteriors.shape == (5, 10)  # images x classes: no pixels of a class map
    assert torch.allclose(posteriors.sum(dim=1), torch.ones(5))
    metrics = {}
    hook.after_val_epoch(runner, metrics)
    assert 0 <= metrics['target_entropy'] <= math.log(10)


def test_a_reid_model_is_refused_when_the_run_starts():
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from segda.evaluation import LabelFreeScoreHook
    from segda.registry import MODELS
    init_default_scope('segda')
    cfg = Config.fromfile(REPO / 'configs/reid/dann_pedestrians_demo.py')
    runner = _Runner(cfg, MODELS.build(cfg.model))
    with pytest.raises(ValueError, match=r'scores class posteriors; the task ReIDTask '
                                         r'\(re-identification\) outputs none: remove the hook'):
        LabelFreeScoreHook().before_run(runner)
