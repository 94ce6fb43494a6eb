"""Binomial deviance (Yi et al.; DANN JMLR Sec. 5.3) against a loop over the batch's pairs."""
import pytest
import torch

from segda.models.losses import BinomialDevianceLoss, binomial_deviance
from segda.registry import MODELS

from helpers import loss_references as ref

IDS = torch.tensor([0, 3, 0, 1, 3, 1, 0, 2])


@pytest.mark.parametrize('params', [dict(), dict(alpha=5.0, beta=0.2, c=3.0)])
def test_matches_a_loop_over_all_pairs(params):
    descriptors = ref.random_logits((len(IDS), 6), seed=0)
    expected = ref.binomial_deviance(descriptors, IDS, **params)
    assert binomial_deviance(descriptors, IDS, **params).item() == pytest.approx(expected, rel=1e-5)


def test_positives_and_negatives_are_averaged_separately():
    """One positive pair among many negatives weighs as much as all negatives together."""
    descriptors = ref.random_logits((6, 4), seed=1)
    ids = torch.tensor([0, 0, 1, 2, 3, 4])
    expected = ref.binomial_deviance(descriptors, ids)
    assert binomial_deviance(descriptors, ids).item() == pytest.approx(expected, rel=1e-5)
    only_negatives = torch.arange(6)
    assert binomial_deviance(descriptors, only_negatives).item() == pytest.approx(
        ref.binomial_deviance(descriptors, only_negatives), rel=1e-5)


def test_uses_cosine_similarity_and_rewards_the_right_geometry():
    descriptors = ref.random_logits((len(IDS), 5), seed=2)
    scales = torch.rand(len(IDS), 1, generator=torch.Generator().manual_seed(3)) * 10 + 0.1
    assert binomial_deviance(descriptors * scales, IDS).item() == pytest.approx(
        binomial_deviance(descriptors, IDS).item(), rel=1e-5)
    one_hot_by_id = torch.eye(4)[IDS]  # positives identical (s=1), negatives orthogonal (s=0)
    assert binomial_deviance(one_hot_by_id, IDS) < binomial_deviance(descriptors, IDS)


def test_gradients_are_finite_for_steep_costs_and_zero_descriptors():
    descriptors = ref.random_logits((len(IDS), 5), seed=4, scale=1e4)
    descriptors[0] = 0.0
    descriptors.requires_grad_()
    loss = binomial_deviance(descriptors, IDS, alpha=400.0)
    grad, = torch.autograd.grad(loss, descriptors)
    assert torch.isfinite(loss) and torch.isfinite(grad).all() and loss > 0


def test_module_is_registered_and_wraps_the_function():
    module = MODELS.build(dict(type='BinomialDevianceLoss', alpha=3.0))
    assert isinstance(module, BinomialDevianceLoss)
    descriptors = ref.random_logits((len(IDS), 4), seed=5)
    assert torch.equal(module(descriptors, IDS), binomial_deviance(descriptors, IDS, alpha=3.0))


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match='descriptors must be N x D'):
        binomial_deviance(torch.zeros(2, 3, 4), torch.zeros(2))
    with pytest.raises(ValueError, match=r'ids must have shape \(3,\)'):
        binomial_deviance(torch.zeros(3, 4), torch.zeros(4))
