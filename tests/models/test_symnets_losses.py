"""SymNets Eq. 5-10 (Zhang et al., CVPR 2019, Sec. 3) against per-sample implementations of
the paper's sums, per sample and per pixel, with 255-ignored source labels."""
import math

import pytest
import torch

from segda.models import losses
from segda.registry import MODELS

from helpers import loss_references as ref

TERMS = dict(
    source_task=lambda s, y, t: losses.source_task_loss(s, y),
    target_task=lambda s, y, t: losses.target_task_loss(s, y),
    domain_discrimination=lambda s, y, t: losses.domain_discrimination_loss(s, t),
    category_confusion=lambda s, y, t: losses.category_confusion_loss(s, y),
    domain_confusion=lambda s, y, t: losses.domain_confusion_loss(t),
    target_entropy=lambda s, y, t: losses.target_entropy_loss(t))
LABELLED_TERMS = ('source_task', 'target_task', 'category_confusion')


def make_batch(shape, seed, ignore_every=3):
    """Source logits, source labels with every ``ignore_every``-th position 255, and target
    logits of another batch size."""
    generator = torch.Generator().manual_seed(seed)
    logits_s = ref.random_logits(shape, seed)
    labels_s = torch.randint(0, shape[1] // 2, shape[:1] + shape[2:], generator=generator)
    labels_s.view(-1)[::ignore_every] = 255
    logits_t = ref.random_logits((shape[0] + 1,) + shape[1:], seed + 100)
    return logits_s, labels_s, logits_t


@pytest.mark.parametrize('shape', [(6, 8), (2, 8, 3, 4)])
@pytest.mark.parametrize('name', sorted(TERMS))
def test_each_term_matches_the_paper(shape, name):
    logits_s, labels_s, logits_t = make_batch(shape, seed=1)
    expected = ref.symnets_terms(logits_s, labels_s, logits_t)[name]
    value = TERMS[name](logits_s, labels_s, logits_t)
    assert value.item() == pytest.approx(expected, rel=1e-5)


def test_the_module_returns_every_term_and_is_registered():
    logits_s, labels_s, logits_t = make_batch((2, 6, 3, 3), seed=2)
    terms = MODELS.build(dict(type='SymNetsLoss'))(logits_s, labels_s, logits_t)
    assert set(terms) == set(TERMS)
    for name, term in TERMS.items():
        assert torch.equal(terms[name], term(logits_s, labels_s, logits_t))


@pytest.mark.parametrize('name', LABELLED_TERMS)
def test_ignored_pixels_neither_count_nor_receive_gradients(name):
    logits_s, labels_s, logits_t = make_batch((2, 6, 4, 4), seed=3)
    logits_s.requires_grad_()
    value = TERMS[name](logits_s, labels_s, logits_t)
    grad, = torch.autograd.grad(value, logits_s)
    ignored = (labels_s == 255)[:, None].expand_as(logits_s)
    assert torch.all(grad[ignored] == 0) and torch.any(grad[~ignored] != 0)
    changed = torch.where(ignored, logits_s.detach() + 50 * torch.randn_like(logits_s), logits_s)
    assert TERMS[name](changed, labels_s, logits_t).item() == pytest.approx(value.item(), rel=1e-6)


def test_labelled_terms_are_zero_with_a_gradient_when_nothing_is_labelled():
    logits_s, labels_s, logits_t = make_batch((2, 6, 3, 3), seed=4)
    logits_s.requires_grad_()
    labels_s.fill_(255)
    for name in LABELLED_TERMS:
        value = TERMS[name](logits_s, labels_s, logits_t)
        grad, = torch.autograd.grad(value, logits_s)
        assert value.item() == 0.0 and torch.equal(grad, torch.zeros_like(grad))
    assert losses.domain_discrimination_loss(logits_s, logits_t).item() > 0


def test_equal_halves_give_the_closed_forms():
    """With v_s = v_t: p^st = [p; p] / 2, so Eq. 8 = CE + log 2, Eq. 9 = log 2 (its minimum:
    both domains equally likely), Eq. 7 = 2 log 2 and Eq. 10 = H(p)."""
    half = ref.random_logits((5, 3), seed=5)
    logits = torch.cat([half, half], dim=1)
    labels = torch.tensor([0, 1, 2, 1, 255])
    log2 = math.log(2)
    assert losses.category_confusion_loss(logits, labels).item() == pytest.approx(
        losses.cross_entropy(half, labels).item() + log2, rel=1e-6)
    assert losses.domain_confusion_loss(logits).item() == pytest.approx(log2, rel=1e-6)
    assert losses.domain_discrimination_loss(logits, logits).item() == pytest.approx(
        2 * log2, rel=1e-6)
    assert losses.target_entropy_loss(logits).item() == pytest.approx(
        losses.entropy(half).item(), rel=1e-6)
    tilted = torch.cat([half + 1.0, half], dim=1)
    assert losses.domain_confusion_loss(tilted).item() > log2


def test_domain_discrimination_rewards_the_right_halves():
    """Source on the first K neurons and target on the last K: Eq. 7 near 0; swapped: large."""
    source_like = torch.cat([torch.full((4, 3), 20.0), torch.zeros(4, 3)], dim=1)
    target_like = source_like.flip(1)
    assert losses.domain_discrimination_loss(source_like, target_like).item() < 1e-6
    assert losses.domain_discrimination_loss(target_like, source_like).item() > 30


def test_extreme_logits_give_finite_terms_and_gradients():
    shape = (2, 8, 3, 3)
    sign = torch.randint(0, 2, shape, generator=torch.Generator().manual_seed(6)) * 2 - 1
    logits_s = (80.0 * sign).float().requires_grad_()
    logits_t = (-80.0 * sign).float().requires_grad_()
    labels_s = torch.randint(0, 4, (2, 3, 3), generator=torch.Generator().manual_seed(7))
    expected = ref.symnets_terms(logits_s, labels_s, logits_t)
    for name, term in TERMS.items():
        value = term(logits_s, labels_s, logits_t)
        grads = torch.autograd.grad(value, (logits_s, logits_t), allow_unused=True)
        assert value.item() == pytest.approx(expected[name], rel=1e-5, abs=1e-6)
        assert all(torch.isfinite(g).all() for g in grads if g is not None)


def test_odd_channel_counts_are_refused():
    with pytest.raises(ValueError, match=r'logits_t must be N x 2K'):
        losses.domain_confusion_loss(torch.zeros(2, 5))
    with pytest.raises(ValueError, match=r'logits_s must be N x 2K'):
        losses.category_confusion_loss(torch.zeros(2, 5, 3, 3), torch.zeros(2, 3, 3))
