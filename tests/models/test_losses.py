"""Posterior losses (ADR Eq. 1, MCD's L1, entropies, cross entropy) against direct per-sample
implementations of their equations, in both the N x K and the N x K x H x W layout."""
import math

import pytest
import torch
import torch.nn.functional as F

from segda.models import losses
from segda.registry import MODELS

from helpers import loss_references as ref

PAIR_LOSSES = [(losses.symmetric_kl, ref.symmetric_kl), (losses.l1_discrepancy, ref.l1_discrepancy)]
SINGLE_LOSSES = [(losses.entropy, ref.entropy), (losses.marginal_entropy, ref.marginal_entropy)]


@pytest.mark.parametrize('shape', ref.SHAPES)
@pytest.mark.parametrize('loss, reference', PAIR_LOSSES)
def test_discrepancies_match_their_equations(shape, loss, reference):
    logits_a, logits_b = ref.random_logits(shape, 0), ref.random_logits(shape, 1)
    assert loss(logits_a, logits_b).item() == pytest.approx(reference(logits_a, logits_b), rel=1e-5)


@pytest.mark.parametrize('shape', ref.SHAPES)
@pytest.mark.parametrize('loss, reference', SINGLE_LOSSES)
def test_entropies_match_their_equations(shape, loss, reference):
    logits = ref.random_logits(shape, 2)
    assert loss(logits).item() == pytest.approx(reference(logits), rel=1e-5)


@pytest.mark.parametrize('shape', ref.SHAPES)
def test_symmetric_kl_is_symmetric_zero_on_equal_and_positive_otherwise(shape):
    logits_a, logits_b = ref.random_logits(shape, 3), ref.random_logits(shape, 4)
    d_ab = losses.symmetric_kl(logits_a, logits_b)
    assert d_ab.item() > 0
    assert d_ab.item() == pytest.approx(losses.symmetric_kl(logits_b, logits_a).item(), rel=1e-6)
    # Shifting logits by a constant per position leaves the posterior, hence d, unchanged.
    assert losses.symmetric_kl(logits_a, logits_a + 7.0).item() == pytest.approx(0.0, abs=1e-6)


def test_symmetric_kl_uses_a_single_softmax():
    """p1 = (0.9, 0.1), p2 = (0.1, 0.9): d = 0.5 * 2 * 0.8 * log 9. Softmax applied twice
    (the official code's bug) would give a much smaller value."""
    logits_a = torch.tensor([[math.log(0.9), math.log(0.1)]])
    d = losses.symmetric_kl(logits_a, logits_a.flip(1))
    assert d.item() == pytest.approx(0.8 * math.log(9), rel=1e-6)


def test_both_class_reductions_by_hand():
    """Two samples, K = 2. Eq. 1 summed over classes, d = 1/2 sum_k (p1 - p2)(log p1 - log p2):
    sample 1 p1 = (0.9, 0.1), p2 = (0.1, 0.9): 0.8 log 9; sample 2 p1 = p2: 0. 'sum' averages
    over the samples, 'mean' over the samples and the K = 2 classes (the official code).
    The entropy of (0.5, 0.5) and of (0.9, 0.1) likewise."""
    logits_a = torch.tensor([[math.log(0.9), math.log(0.1)], [0.0, 0.0]])
    logits_b = torch.tensor([[math.log(0.1), math.log(0.9)], [0.0, 0.0]])
    d_sum = (0.8 * math.log(9) + 0) / 2
    assert losses.symmetric_kl(logits_a, logits_b, reduction='sum').item() == pytest.approx(
        d_sum, rel=1e-6)
    assert losses.symmetric_kl(logits_a, logits_b, reduction='mean').item() == pytest.approx(
        d_sum / 2, rel=1e-6)
    h_sum = (math.log(2) - 0.9 * math.log(0.9) - 0.1 * math.log(0.1)) / 2
    logits = torch.tensor([[0.0, 0.0], [math.log(0.9), math.log(0.1)]])
    assert losses.entropy(logits).item() == pytest.approx(h_sum, rel=1e-6)
    assert losses.entropy(logits, reduction='mean').item() == pytest.approx(h_sum / 2, rel=1e-6)
    l1_mean = (0.8 + 0.8) / 2 / 2  # |0.9 - 0.1| + |0.1 - 0.9| on sample 1, 0 on sample 2
    assert losses.l1_discrepancy(logits_a, logits_b).item() == pytest.approx(l1_mean, rel=1e-6)
    assert losses.l1_discrepancy(logits_a, logits_b, reduction='sum').item() == pytest.approx(
        2 * l1_mean, rel=1e-6)
    with pytest.raises(ValueError, match='reduction must be one of'):
        losses.entropy(logits, reduction='none')


def test_entropy_extremes_and_marginal_class_balance():
    confident = torch.tensor([[30.0, 0.0, 0.0], [0.0, 30.0, 0.0], [0.0, 0.0, 30.0]])
    assert losses.entropy(confident).item() == pytest.approx(0.0, abs=1e-6)
    assert losses.entropy(torch.zeros(2, 3)).item() == pytest.approx(math.log(3), rel=1e-6)
    # Confident but balanced over the classes: maximal marginal entropy, log K.
    assert losses.marginal_entropy(confident).item() == pytest.approx(math.log(3), rel=1e-6)
    # All confident on one class: no class balance.
    assert losses.marginal_entropy(confident[:1].repeat(3, 1)).item() == pytest.approx(0, abs=1e-6)


def test_marginal_entropy_averages_over_pixels_and_samples():
    """Image 0 is all class 0, image 1 all class 1: balanced only over samples AND pixels."""
    logits = torch.zeros(2, 2, 3, 4)
    logits[0, 0] = logits[1, 1] = 40.0
    assert losses.marginal_entropy(logits).item() == pytest.approx(math.log(2), rel=1e-6)
    assert losses.marginal_entropy(logits[:1]).item() == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize('shape', ref.SHAPES)
def test_cross_entropy_ignores_255_and_matches_its_equation(shape):
    logits = ref.random_logits(shape, 5)
    labels = torch.randint(0, shape[1], shape[:1] + shape[2:],
                           generator=torch.Generator().manual_seed(6))
    labels.view(-1)[::3] = 255
    expected = ref.cross_entropy(logits, labels)
    assert losses.cross_entropy(logits, labels).item() == pytest.approx(expected, rel=1e-5)
    assert losses.cross_entropy(logits, labels.to(torch.uint8)).item() == pytest.approx(
        expected, rel=1e-5)
    assert losses.CrossEntropyLoss()(logits, labels).item() == pytest.approx(expected, rel=1e-5)


def test_cross_entropy_without_labelled_pixels_is_zero_with_a_gradient():
    logits = torch.randn(2, 4, 3, 3, requires_grad=True)
    loss = losses.cross_entropy(logits, torch.full((2, 3, 3), 255))
    loss.backward()
    assert loss.item() == 0.0
    assert torch.equal(logits.grad, torch.zeros_like(logits))


def test_nll_loss_reads_unnormalised_log_probs_at_the_label():
    log_probs = torch.tensor([[-1.0, -2.0, -3.0], [-4.0, -5.0, -6.0]])
    assert losses.nll_loss(log_probs, torch.tensor([2, 255])).item() == 3.0
    assert losses.nll_loss(log_probs, torch.tensor([2, 0])).item() == 3.5


def _extreme_logits(shape, seed):
    sign = torch.randint(0, 2, shape, generator=torch.Generator().manual_seed(seed)) * 2 - 1
    return (80.0 * sign).float().requires_grad_()


@pytest.mark.parametrize('shape', ref.SHAPES)
def test_extreme_logits_give_exact_finite_losses_and_gradients(shape):
    logits_a, logits_b = _extreme_logits(shape, 7), _extreme_logits(shape, 8)
    labels = torch.zeros(shape[:1] + shape[2:], dtype=torch.long)
    cases = [(loss(logits_a, logits_b), reference(logits_a, logits_b))
             for loss, reference in PAIR_LOSSES]
    cases += [(loss(logits_a), reference(logits_a)) for loss, reference in SINGLE_LOSSES]
    cases.append((losses.cross_entropy(logits_a, labels), ref.cross_entropy(logits_a, labels)))
    for value, expected in cases:
        grad_a, = torch.autograd.grad(value, logits_a)
        assert value.item() == pytest.approx(expected, rel=1e-5, abs=1e-6)
        assert torch.isfinite(grad_a).all()


@pytest.mark.parametrize('name, function, arity', [
    ('SymmetricKL', losses.symmetric_kl, 2), ('L1Discrepancy', losses.l1_discrepancy, 2),
    ('Entropy', losses.entropy, 1), ('MarginalEntropy', losses.marginal_entropy, 1)])
def test_registered_modules_wrap_the_functions(name, function, arity):
    module = MODELS.build(dict(type=name))
    inputs = [ref.random_logits((3, 4), seed) for seed in range(arity)]
    assert torch.equal(module(*inputs), function(*inputs))


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match='same shape'):
        losses.symmetric_kl(torch.zeros(2, 3), torch.zeros(2, 4))
    with pytest.raises(ValueError, match='classes on dim 1'):
        losses.entropy(torch.zeros(5))
    with pytest.raises(ValueError, match=r'labels must have shape \(2, 3, 3\)'):
        losses.cross_entropy(torch.zeros(2, 4, 3, 3), torch.zeros(2, 3, 4, dtype=torch.long))


def test_cross_entropy_agrees_with_torch_where_labels_exist():
    logits = ref.random_logits((4, 5, 2, 2), 9)
    labels = torch.randint(0, 5, (4, 2, 2), generator=torch.Generator().manual_seed(10))
    expected = F.cross_entropy(logits, labels)
    assert torch.allclose(losses.cross_entropy(logits, labels), expected)
