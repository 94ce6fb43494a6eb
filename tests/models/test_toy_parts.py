"""Vector-task parts: MLP generator, classification head, Classifier, discriminators, two moons."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from segda.datasets.toy import TwoMoonsDataset, make_two_moons
from segda.models.backbones.mlp import MLP
from segda.models.discriminators import PixelDiscriminator
from segda.models.heads import ClassificationHead
from segda.registry import DATASETS, MODELS

ADR_TOY_TASK = dict(type='Classifier',
                    backbone=dict(type='MLP', in_channels=2, hidden=(5, 5)),
                    head=dict(type='ClassificationHead', num_classes=2, hidden=(5, 5), dropout=0.5),
                    num_classes=2)


def labelled_samples(labels):
    return [dict(gt_label=torch.tensor(int(y))) for y in labels]


# -- MLP generator ----------------------------------------------------------------------------
def test_mlp_shapes_and_last_activation():
    x = torch.randn(16, 3)
    mlp = MLP(3, hidden=(4, 7))
    assert mlp.out_channels == 7
    assert mlp(x).shape == (16, 7)
    assert (mlp(x) >= 0).all()  # ReLU after the last layer
    linear_end = MLP(3, hidden=(4, 7), last_act=False)
    assert (linear_end(x) < 0).any()
    no_norm = MLP(3, hidden=(4,), norm=False)
    assert not any(isinstance(m, torch.nn.BatchNorm1d) for m in no_norm.modules())


def test_mlp_rejects_bad_config_and_input():
    with pytest.raises(ValueError, match='hidden'):
        MLP(2, hidden=())
    with pytest.raises(ValueError, match='activation'):
        MLP(2, act='swishy')
    with pytest.raises(ValueError, match='N x 2'):
        MLP(2)(torch.randn(4, 3))


# -- classification head ----------------------------------------------------------------------
def test_head_shapes_and_has_dropout():
    head = ClassificationHead(6, num_classes=4, hidden=(5, 5))
    assert head.num_classes == 4
    assert head(torch.randn(8, 6)).shape == (8, 4)
    assert head.has_dropout
    assert not ClassificationHead(6, 4, dropout=0.0).has_dropout
    assert not ClassificationHead(6, 4, dropout_sites=()).has_dropout
    assert not ClassificationHead(6, 4, hidden=(), dropout_sites=('hidden',)).has_dropout
    assert ClassificationHead(6, 4, hidden=(), dropout_sites=('logits',)).has_dropout
    with pytest.raises(ValueError, match='dropout_sites'):
        ClassificationHead(6, 4, dropout_sites=('fc9',))


def test_dropout_is_stochastic_in_train_mode_only():
    torch.manual_seed(0)
    head = ClassificationHead(5, 3, hidden=(5, 5), dropout=0.5, dropout_sites=('hidden', 'logits'))
    feats = torch.randn(32, 5)
    head.train()
    assert not torch.allclose(head(feats), head(feats))
    head.eval()
    assert torch.equal(head(feats), head(feats))


# -- Classifier task ---------------------------------------------------------------------------
def test_classifier_shapes_fills_in_channels_and_domain_features():
    task = MODELS.build(dict(ADR_TOY_TASK, backbone=dict(type='MLP', in_channels=2, hidden=(5, 9))))
    assert task.head.in_channels == 9 and task.domain_channels == 9
    feats = task.extract(torch.randn(10, 2))
    assert feats.shape == (10, 9)
    assert task.classify(feats).shape == (10, 2)
    assert task.domain_features(feats) is feats


def test_classifier_loss_matches_cross_entropy():
    task = MODELS.build(dict(ADR_TOY_TASK, num_classes=3, loss_weight=0.5,
                             head=dict(type='ClassificationHead')))  # num_classes filled in
    assert task.head.num_classes == 3
    logits = torch.randn(12, 3)
    labels = torch.randint(0, 3, (12,))
    loss = task.loss(logits, labelled_samples(labels))['loss_ce']
    assert torch.allclose(loss, 0.5 * F.cross_entropy(logits, labels))
    assert torch.equal(task.labels(labelled_samples(labels), logits), labels)
    labels[:4] = 255  # ignored, as everywhere in SegDA
    loss = task.loss(logits, labelled_samples(labels))['loss_ce']
    assert torch.allclose(loss, 0.5 * F.cross_entropy(logits[4:], labels[4:]))
    with pytest.raises(KeyError, match='gt_label'):
        task.loss(logits, [{}] * 12)


def test_classifier_predict_and_postprocess():
    task = MODELS.build(ADR_TOY_TASK).eval()
    labels = torch.tensor([0, 1, 1, 0, 1])
    samples = [dict(sample, index=i) for i, sample in enumerate(labelled_samples(labels))]
    outputs = task.predict(torch.randn(5, 2), samples)
    assert len(outputs) == 5
    for i, output in enumerate(outputs):
        assert output['pred_label'].dtype == torch.int64 and output['pred_label'].dim() == 0
        assert output['pred_score'].shape == (2,)
        assert torch.isclose(output['pred_score'].sum(), torch.tensor(1.0))
        assert output['pred_label'] == output['pred_score'].argmax()
        assert output['gt_label'] == labels[i] and output['index'] == i
    logits = torch.tensor([[0.0, 3.0], [2.0, -1.0]])
    assert [o['pred_label'].item() for o in task.postprocess(logits, None)] == [1, 0]


def test_classifier_rejects_mismatched_num_classes():
    with pytest.raises(ValueError, match='num_classes'):
        MODELS.build(dict(ADR_TOY_TASK, num_classes=3,
                          head=dict(type='ClassificationHead', num_classes=2)))


def test_classifier_learns_the_source_moons(one_thread):
    torch.manual_seed(0)
    dataset = TwoMoonsDataset(num_per_class=100, seed=0)
    task = MODELS.build(dict(ADR_TOY_TASK, head=dict(ADR_TOY_TASK['head'], dropout=0.0)))
    optimizer = torch.optim.Adam(task.parameters(), lr=1e-2)
    samples = labelled_samples(dataset.labels)
    for _ in range(300):
        loss = task.loss(task(dataset.points), samples)['loss_ce']
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    task.eval()
    preds = torch.stack([o['pred_label'] for o in task.predict(dataset.points, samples)])
    assert (preds == dataset.labels).float().mean() > 0.95


# -- discriminators ----------------------------------------------------------------------------
@pytest.mark.parametrize('kernel_size', [1, 3])
def test_pixel_discriminator_keeps_the_map_size(kernel_size):
    disc = PixelDiscriminator(6, channels=(8, 4), kernel_size=kernel_size)
    assert disc(torch.randn(2, 6, 5, 7)).shape == (2, 1, 5, 7)
    with pytest.raises(ValueError, match='N x 6 x H x W'):
        disc(torch.randn(2, 5, 5, 7))


def test_pixel_discriminator_rejects_even_kernel():
    with pytest.raises(ValueError, match='odd'):
        PixelDiscriminator(6, kernel_size=2)


@pytest.mark.parametrize('hidden,dropout', [((16, 16), 0.0), ((16,), 0.5), ((), 0.0)])
def test_mlp_discriminator_gives_one_logit_per_sample(hidden, dropout):
    disc = MODELS.build(dict(type='MLPDiscriminator', in_channels=5, hidden=hidden,
                             dropout=dropout))
    assert disc(torch.randn(9, 5)).shape == (9, 1)
    num_dropouts = sum(isinstance(m, torch.nn.Dropout) for m in disc.modules())
    assert num_dropouts == (len(hidden) if dropout else 0)


# -- two moons ---------------------------------------------------------------------------------
def test_two_moons_are_balanced_and_deterministic():
    points, labels = make_two_moons(40, noise=0.1, seed=3)
    assert points.shape == (80, 2) and np.bincount(labels).tolist() == [40, 40]
    again, _ = make_two_moons(40, noise=0.1, seed=3)
    other, _ = make_two_moons(40, noise=0.1, seed=4)
    assert np.array_equal(points, again) and not np.allclose(points, other)
    dataset = DATASETS.build(dict(type='TwoMoonsDataset', num_per_class=40, seed=3))
    assert torch.equal(dataset.points, TwoMoonsDataset(num_per_class=40, seed=3).points)
    assert torch.bincount(dataset.labels).tolist() == [40, 40]


def test_two_moons_items():
    dataset = TwoMoonsDataset(num_per_class=5)
    assert len(dataset) == 10
    item = dataset[7]
    assert item['inputs'].dtype == torch.float32 and item['inputs'].shape == (2,)
    assert item['data_samples']['gt_label'].dtype == torch.int64
    assert item['data_samples']['gt_label'].dim() == 0
    assert TwoMoonsDataset(num_per_class=5, with_labels=False)[7]['data_samples'] == {}
    with pytest.raises(ValueError, match='num_per_class'):
        TwoMoonsDataset(num_per_class=0)


def test_zero_rotation_is_the_standardised_source():
    raw, labels = make_two_moons(50, noise=0.2, seed=1)
    source = TwoMoonsDataset(num_per_class=50, noise=0.2, seed=1)
    expected = (raw - raw.mean(axis=0)) / raw.std(axis=0)
    assert np.allclose(source.points.numpy(), expected, atol=1e-6)
    assert np.array_equal(source.labels.numpy(), labels)


def test_rotation_about_the_mean_turns_the_moons_in_place():
    source = TwoMoonsDataset(num_per_class=50, seed=2)
    target = TwoMoonsDataset(num_per_class=50, rotation=30, center='mean', seed=2)
    assert np.allclose(target.mean, source.mean) and np.allclose(target.std, source.std)
    # Undo the standardisation's scaling: offsets from the source mean in the drawing plane.
    offsets_s = source.points.double().numpy() * source.std
    offsets_t = target.points.double().numpy() * target.std
    assert np.allclose(np.linalg.norm(offsets_t, axis=1), np.linalg.norm(offsets_s, axis=1),
                       atol=1e-5)
    angles = np.arctan2(offsets_t[:, 1], offsets_t[:, 0]) - np.arctan2(offsets_s[:, 1],
                                                                      offsets_s[:, 0])
    assert np.allclose(np.rad2deg(np.angle(np.exp(1j * angles))), 30.0, atol=1e-3)
    assert np.array_equal(target.labels, source.labels)
    assert np.allclose(target.points.mean(dim=0), 0.0, atol=1e-5)  # the centre stays put


def test_rotation_about_the_origin_of_the_drawing_plane():
    raw, labels = make_two_moons(50, noise=0.1, seed=4)
    target = TwoMoonsDataset(num_per_class=50, rotation=35, seed=4)  # center='origin'
    theta = np.deg2rad(35)
    rotated = np.stack([raw[:, 0] * np.cos(theta) - raw[:, 1] * np.sin(theta),
                        raw[:, 0] * np.sin(theta) + raw[:, 1] * np.cos(theta)], axis=1)
    expected = (rotated - raw.mean(axis=0)) / raw.std(axis=0)
    assert np.allclose(target.points.numpy(), expected, atol=1e-5)
    assert np.array_equal(target.labels.numpy(), labels)
    # Unlike a turn about the mean, this one also moves the moons' centre.
    assert not np.allclose(target.points.mean(dim=0), 0.0, atol=0.1)


def test_rotation_center_is_checked():
    with pytest.raises(ValueError, match="center must be one of"):
        TwoMoonsDataset(num_per_class=5, rotation=30, center='middle')
