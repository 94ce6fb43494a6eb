"""ADR's semi-supervised GAN objectives (Eq. 6-9) against hand computations on tiny logits and
features, and the signs: which way each term pushes the part it trains."""
import math

import pytest
import torch

from segda.models.losses import (
    class_balance_loss,
    critic_loss,
    dropout_sensitivity,
    feature_matching_loss,
    generator_loss,
)


def test_dropout_sensitivity_is_the_symmetric_kl_by_hand():
    # p1 = (0.5, 0.5), p2 = (0.8, 0.2): d = 1/2 sum (p1 - p2)(log p1 - log p2).
    logits_1 = torch.tensor([[0.0, 0.0]])
    logits_2 = torch.tensor([[math.log(0.8), math.log(0.2)]])
    by_hand = 0.5 * ((0.5 - 0.8) * math.log(0.5 / 0.8) + (0.5 - 0.2) * math.log(0.5 / 0.2))
    assert dropout_sensitivity(logits_1, logits_2).item() == pytest.approx(by_hand, rel=1e-5)
    assert dropout_sensitivity(logits_1, logits_2, reduction='mean').item() == pytest.approx(
        by_hand / 2, rel=1e-5)


def test_class_balance_is_minus_the_entropy_of_the_mean_prediction():
    # Two confident samples of different classes: mean (0.5, 0.5) -> -log 2, although each
    # sample's own entropy is 0 (the per-sample reading would give 0).
    confident = torch.tensor([[20.0, -20.0], [-20.0, 20.0]])
    assert class_balance_loss(confident).item() == pytest.approx(-math.log(2), abs=1e-6)
    # Both on class 0: mean (1, 0) -> 0, the worst balance.
    same = torch.tensor([[20.0, -20.0], [20.0, -20.0]])
    assert class_balance_loss(same).item() == pytest.approx(0.0, abs=1e-6)


def test_descending_the_class_balance_spreads_predictions_without_blurring_them():
    logits = torch.tensor([[3.0, 0.0], [2.0, 0.0]], requires_grad=True)
    class_balance_loss(logits).backward()
    # The second sample is moved towards class 1: the batch's mean becomes more even.
    assert logits.grad[1, 1] < 0 < logits.grad[1, 0]


def test_critic_loss_adds_and_subtracts_its_terms_as_eq_6():
    terms = [torch.tensor(v) for v in (1.5, 0.25, 0.75, -0.5)]
    assert critic_loss(*terms).item() == pytest.approx(1.5 + 0.25 - 0.75 - 0.5)
    assert critic_loss(*terms, class_balance_weight=2.0).item() == pytest.approx(
        1.5 + 0.25 - 0.75 - 1.0)


def test_the_critic_makes_real_images_certain_and_generated_ones_sensitive():
    """Descending L_C decreases d on unlabelled images and increases it on generated ones."""
    u1 = torch.tensor([[1.0, 0.0]], requires_grad=True)
    u2 = torch.tensor([[0.0, 1.0]], requires_grad=True)
    g1 = torch.tensor([[1.0, 0.0]], requires_grad=True)
    g2 = torch.tensor([[0.0, 1.0]], requires_grad=True)
    zero = torch.tensor(0.0)
    loss = critic_loss(zero, dropout_sensitivity(u1, u2), dropout_sensitivity(g1, g2), zero)
    loss.backward()
    step = 0.1
    with torch.no_grad():
        d_u = dropout_sensitivity(u1 - step * u1.grad, u2 - step * u2.grad)
        d_g = dropout_sensitivity(g1 - step * g1.grad, g2 - step * g2.grad)
        before = dropout_sensitivity(u1, u2)
    assert d_u < before < d_g


def test_feature_matching_is_the_squared_distance_of_the_means():
    generated = torch.tensor([[1.0, 2.0], [3.0, 4.0]])   # mean (2, 3)
    real = torch.tensor([[0.0, 0.0], [0.0, 2.0], [0.0, 4.0]])  # mean (0, 2)
    assert feature_matching_loss(generated, real).item() == pytest.approx(4.0 + 1.0)
    with pytest.raises(ValueError, match='N x D'):
        feature_matching_loss(generated, real[:, :1])


def test_generator_loss_is_eq_9_and_pulls_generated_features_to_the_real_mean():
    sensitivity = torch.tensor(0.3)
    generated = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    real = torch.tensor([[0.0, 2.0]])
    loss = generator_loss(sensitivity, generated, real, feature_matching_weight=0.5)
    assert loss.item() == pytest.approx(0.3 + 0.5 * (4.0 + 1.0))
    loss.backward()
    # d/dx_i of 0.5 ||mean - m||^2 = 0.5 * 2 (mean - m) / N = (mean - m) / 2 per sample.
    assert torch.allclose(generated.grad, torch.tensor([[1.0, 0.5], [1.0, 0.5]]))
