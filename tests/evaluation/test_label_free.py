"""Label-free scores (segda/evaluation/label_free.py) and their validation hook."""
import json
import math
import shutil

import pytest
import torch

from segda.evaluation.label_free import (
    batch_nuclear_norm,
    information_maximisation,
    label_free_scores,
    largest_class_share,
    mean_entropy,
    mixval,
    soft_neighbourhood_density,
)

from helpers.cli import REPO, run_tool, synthcity_options

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
                                                          'target_snd', 'target_max_share',
                                                          'target_bnm'}


def test_bnm_is_the_nuclear_norm_over_n_from_uniform_to_balanced_one_hot():
    # N = K = 4: balanced one-hot rows (the identity) have 4 singular values 1: ||A||_* / N = 1,
    # the maximum sqrt(min(N, K) / N); uniform rows are rank one, singular value
    # ||A||_F = sqrt(N / K) = 1: 1 / 4, the minimum 1 / sqrt(N K).
    assert batch_nuclear_norm(torch.eye(4)) == pytest.approx(1.0)
    assert batch_nuclear_norm(torch.full((4, 4), 0.25)) == pytest.approx(0.25)
    # Confident but collapsed onto one class: rank one, singular value sqrt(4) = 2: 2 / 4.
    assert batch_nuclear_norm(torch.eye(4)[[0, 0, 0, 0]]) == pytest.approx(0.5)
    # N = 8, K = 2, four rows per class: singular values 2 and 2: 4 / 8 = sqrt(K / N).
    assert batch_nuclear_norm(torch.eye(2).repeat(4, 1)) == pytest.approx(0.5)
    # 2 x 2 by hand: (s1 + s2)^2 = ||A||_F^2 + 2 |det A| = 1.26 + 2 * 0.5.
    two = torch.tensor([[0.7, 0.3], [0.2, 0.8]], dtype=torch.float64)
    assert batch_nuclear_norm(two) == pytest.approx(math.sqrt(2.26) / 2)


def _ignores_inputs(inputs):
    """A model that ignores its inputs: the same logits, class 0, for every sample."""
    return torch.tensor([[1.0, 0.0]]).repeat(len(inputs), 1)


def _linear(inputs):
    """A perfect linear model of the points below: class 0 where x > 0, class 1 where x < 0."""
    return torch.stack([inputs[:, 0], -inputs[:, 0]], dim=1)


# Four points, two per side of the boundary x = 0 at the same distance from it.
POINTS = torch.tensor([[1.0, 0.0], [1.0, 2.0], [-1.0, 1.0], [-1.0, -3.0]])


def test_mixval_of_a_model_that_ignores_its_inputs_has_no_inter_class_probe():
    scores = mixval(_ignores_inputs, POINTS, torch.tensor([1, 2, 3, 0]))
    assert scores['target_mixval_intra'] == 1.0  # one class for every sample and every mix
    assert math.isnan(scores['target_mixval_inter'])  # no pair of two predicted classes
    assert math.isnan(scores['target_mixval'])  # so never kept as the best checkpoint


def test_mixval_of_a_perfect_linear_model_is_one():
    # Point i mixed with point i + 1: 0 with 1 and 2 with 3 are intra-class, 1 with 2 and 3
    # with 0 inter-class. The mix 0.55 x_i + 0.45 x_j of points equally far from the
    # boundary stays on x_i's side; an intra-class mix stays in the class's half-plane.
    scores = mixval(_linear, POINTS, torch.tensor([1, 2, 3, 0]))
    assert scores == dict(target_mixval=1.0, target_mixval_intra=1.0, target_mixval_inter=1.0)


def test_mixval_scores_the_mix_against_the_dominant_samples_pseudo_label():
    # Inter-class pairs only, x of the mix = 0.55 x_i + 0.45 x_j:
    #   x = 1 with x = -2:   0.55 - 0.9   < 0, class 1 against the dominant's 0: wrong;
    #   x = -1 with x = 0.5: -0.55 + 0.225 < 0, class 1, the dominant's: right;
    #   x = -2 with x = 1:   -1.1 + 0.45  < 0, class 1, the dominant's: right;
    #   x = 0.5 with x = -1: 0.275 - 0.45 < 0, class 1 against the dominant's 0: wrong.
    points = torch.tensor([[1.0, 0.0], [-1.0, 0.0], [-2.0, 0.0], [0.5, 0.0]])
    scores = mixval(_linear, points, torch.tensor([2, 3, 0, 1]))
    assert scores['target_mixval_inter'] == pytest.approx(2 / 4)
    assert math.isnan(scores['target_mixval_intra'])
    with pytest.raises(ValueError, match='ratio'):
        mixval(_linear, points, torch.tensor([2, 3, 0, 1]), ratio=0.5)


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
                      'custom_hooks.0.num_images=3', 'custom_hooks.0.pixels_per_image=20',
                      'custom_hooks.0.mixval=True')
    assert result.returncode == 0, result.stderr[-3000:]
    entries = [json.loads(line) for log in work_dir.glob('*/vis_data/scalars.json')
               for line in log.read_text().splitlines() if '"mIoU"' in line]
    assert len(entries) == 1
    scores = {key: entries[0][key] for key in ('target_entropy', 'target_im', 'target_snd',
                                               'target_bnm', 'target_mixval_intra')}
    assert 0 <= scores['target_entropy'] <= math.log(19)
    assert 0 <= scores['target_snd'] <= math.log(3 * 20 - 1)
    assert -1e-6 <= scores['target_im'] <= math.log(19)
    assert 1 / math.sqrt(60 * 19) <= scores['target_bnm'] <= math.sqrt(19 / 60)
    assert 0 <= scores['target_mixval_intra'] <= 1
    log = result.stdout + result.stderr
    assert 'target_snd' in log and 'target_mixval' in log  # in the validation log line


class _Runner:
    """What the hook reads of a runner: the config, the model and the message hub."""

    def __init__(self, cfg, model):
        from mmengine.logging import MessageHub
        self.cfg, self.model = cfg, model
        self.message_hub = MessageHub.get_instance('test_label_free')


def _tiny_runner(config, root, config_root='data/synthcity'):
    """A runner of ``config`` with its data under ``root`` (the tiny SynthCity by default),
    its model (a segmentor's decoder narrowed) in eval mode."""
    from mmengine.registry import init_default_scope

    from segda.apis import relocate_data_roots
    from segda.apis.config import read_config
    from segda.registry import MODELS
    init_default_scope('segda')
    cfg = read_config(REPO / config)
    cfg.merge_from_dict(dict(option.split('=', 1) for option in relocate_data_roots(
        cfg, config_root, str(root))))
    if 'decoder' in cfg.model.task:
        cfg.model.task.decoder.channels = 16
    torch.manual_seed(0)
    return _Runner(cfg, MODELS.build(cfg.model).eval())


@pytest.fixture(scope='module')
def tiny_digits(tmp_path_factory):
    """The embedded digits pair, small: 1,300 unlabelled target training images."""
    from segda.datasets.classification.digits_demo import generate_digits_demo
    root = tmp_path_factory.mktemp('digits_demo')
    generate_digits_demo(str(root), num_source_train=16, num_source_test=8, seed=0)
    return root


def _counting(runner, predict_logits=None):
    """Replace the model's ``predict_logits`` (by ``predict_logits`` when given) with one that
    records the input shape of every call; return the list of shapes."""
    model, calls = runner.model, []
    predict = predict_logits or model.predict_logits

    def counted(inputs):
        calls.append(tuple(inputs.shape))
        return predict(inputs)
    model.predict_logits = counted
    return calls


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
                            'target_max_share', 'target_bnm'}
    assert runner.message_hub.get_scalar('val/target_snd').current() == metrics['target_snd']


def test_a_config_without_a_domain_pair_is_refused_by_name():
    from segda.apis.config import read_config
    from segda.evaluation.label_free_hook import target_train_dataset_cfg
    with pytest.raises(ValueError, match='not a DomainPairDataset.*dataset=dict'):
        target_train_dataset_cfg(read_config(REPO / 'configs/source_only_fcn_synthcity.py'))


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


def test_mixval_costs_one_more_forward_per_image_and_is_exact_for_a_per_pixel_linear_model(
        tiny_synthcity):
    from segda.evaluation import LabelFreeScoreHook
    runner = _tiny_runner(CONFIG, tiny_synthcity)
    calls = _counting(runner)
    metrics = {}
    LabelFreeScoreHook(num_images=3, pixels_per_image=40).after_val_epoch(runner, metrics)
    assert len(calls) == 3 and 'target_mixval' not in metrics  # off by default
    assert 1 / math.sqrt(120 * 19) <= metrics['target_bnm'] <= math.sqrt(19 / 120)
    # A 1 x 1 convolution of the inputs: each pixel's class regions are convex, so a mix of
    # two pixels of one predicted class is predicted that class: ICE_intra is exactly 1.
    linear = torch.nn.Conv2d(3, 19, 1)
    calls = _counting(runner, linear)
    hook = LabelFreeScoreHook(num_images=3, pixels_per_image=40, mixval=True)
    with torch.no_grad():
        hook.after_val_epoch(runner, metrics)
    assert len(calls) == 2 * 3 and len(set(calls)) == 1  # the images, then their mixes
    assert metrics['target_mixval_intra'] == 1.0
    assert 0.0 <= metrics['target_mixval_inter'] <= 1.0
    assert metrics['target_mixval'] == pytest.approx(
        (1.0 + metrics['target_mixval_inter']) / 2)
    assert runner.message_hub.get_scalar('val/target_mixval').current() == \
        metrics['target_mixval']
    assert sorted(hook.partners) == [0, 1, 2] and all(
        partner != image for image, partner in enumerate(hook.partners))


def test_the_hook_scores_a_classifier_one_row_per_image_and_mixval_as_defined(tiny_digits):
    from segda.evaluation import LabelFreeScoreHook
    runner = _tiny_runner('configs/classification/dann_digits_demo.py', tiny_digits,
                          'data/digits_demo')
    hook = LabelFreeScoreHook(num_images=12, pixels_per_image=5, mixval=True)
    posteriors = hook.target_posteriors(runner)
    assert posteriors.shape == (12, 10)  # one row per image, whatever pixels_per_image
    metrics = {}
    hook.after_val_epoch(runner, metrics)
    assert {'target_bnm', 'target_mixval', 'target_mixval_intra',
            'target_mixval_inter'} <= set(metrics)
    assert 1 / math.sqrt(120) <= metrics['target_bnm'] <= math.sqrt(10 / 12)
    # The hook's image-by-image MixVal is the definition's on the whole set of images.
    model = runner.model
    with torch.no_grad():
        inputs = torch.cat([model.data_preprocessor(batch, False)['inputs']
                            for batch, _ in hook.samples])
        expected = mixval(model.predict_logits, inputs, torch.tensor(hook.partners))
    assert expected == pytest.approx({key: metrics[key] for key in expected}, nan_ok=True)


def test_mixval_settings_that_cannot_work_are_refused_by_name():
    from segda.evaluation import LabelFreeScoreHook
    from segda.evaluation.label_free_hook import check_same_sizes
    with pytest.raises(ValueError, match='mixval_ratio'):
        LabelFreeScoreHook(mixval=True, mixval_ratio=0.5)
    with pytest.raises(ValueError, match='two images to mix.*num_images=1'):
        LabelFreeScoreHook(num_images=1, mixval=True)
    with pytest.raises(ValueError, match="'a.png' is 4 x 5.*'b.png' is 4 x 6.*mixval=False"):
        check_same_sizes([('a.png', (4, 5)), ('b.png', (4, 6))], [1, 0])


def test_a_model_without_class_logits_is_refused_before_training():
    from types import SimpleNamespace

    from segda.evaluation import LabelFreeScoreHook
    reid = SimpleNamespace(task=type('ReIDTask', (), dict(capabilities=lambda self: frozenset()))())
    with pytest.raises(ValueError, match='ReIDTask outputs no class logits'):
        LabelFreeScoreHook().before_run(_Runner(None, reid))
