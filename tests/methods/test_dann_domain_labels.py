"""DANN's domain labels d_i per sample (JMLR 2016 Algorithm 1 / Eq. 9-10): a source-stream
sample whose data sample carries ``domain_label=1`` (a labelled target image of a
semi-supervised run) is target for D; samples without the mark keep the loss of source = 0,
target = 1 bit for bit."""
import copy
import math

import pytest
import torch
import torch.nn.functional as F

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.models.losses import grad_reverse
from segda.structures import SOURCE_DOMAIN, TARGET_DOMAIN, domain_labels

from helpers.segmentation_methods import (  # noqa: F401  (progress: the runner's, autouse)
    DISCRIMINATOR,
    LAMBDA_P,
    UpdateSpy,
    build,
    optimisers,
    pair,
    progress,
)


def tagged_pair(domains):
    """A domain pair whose source samples carry the ``domain_labels`` given (None: no mark)."""
    data = pair()
    for sample, domain in zip(data['source']['data_samples'], domains):
        if domain is not None:
            sample['domain_label'] = domain
    return data


def unreversed_logits(model, data):
    """D's logits on the source and the target features, as the step computes them."""
    source, target = model.preprocess_pair(data)
    feats_s, feats_t = model.extract_pair(source['inputs'], target['inputs'])
    with torch.no_grad():
        return (model.discriminator(model.task.domain_features(feats_s)),
                model.discriminator(model.task.domain_features(feats_t)))


def logistic(logit, d):
    """L_d(logit, d) = -d log sigma(logit) - (1 - d) log(1 - sigma(logit)), in float64."""
    p = 1.0 / (1.0 + math.exp(-logit))
    return -(d * math.log(p) + (1 - d) * math.log(1 - p))


def test_a_mixed_batch_gets_each_samples_mark_or_its_streams_domain():
    samples = [dict(), dict(domain_label=1), dict(domain_label=0), dict()]
    assert domain_labels(samples, SOURCE_DOMAIN).tolist() == [0.0, 1.0, 0.0, 0.0]
    assert domain_labels(samples, TARGET_DOMAIN).tolist() == [1.0, 1.0, 0.0, 1.0]
    with pytest.raises(ValueError, match=r"must be 0 \(source\) or 1 \(target\), got \[2\]"):
        domain_labels([dict(domain_label=2)], SOURCE_DOMAIN)


def test_the_domain_loss_is_the_hand_computed_mean_per_stream_with_each_d_i():
    """Source sample 1 marked target: its pixels count against d = 1 in the source mean."""
    model = build('DANN', discriminator=DISCRIMINATOR)
    replica = copy.deepcopy(model)
    data = tagged_pair([None, TARGET_DOMAIN])

    log_vars = model.train_step(data, optimisers(model))

    logits_s, logits_t = unreversed_logits(replica, data)
    source_terms = [logistic(value, d) for sample, d in zip(logits_s.double(), (0, 1))
                    for value in sample.flatten().tolist()]
    target_terms = [logistic(value, 1) for value in logits_t.double().flatten().tolist()]
    expected = sum(source_terms) / len(source_terms) + sum(target_terms) / len(target_terms)
    assert log_vars['loss_domain'].item() == pytest.approx(expected, rel=1e-5)
    unmarked, _ = unreversed_logits(replica, pair())
    assert not math.isclose(expected, sum(logistic(v, 0) for v in unmarked.flatten().tolist())
                            / unmarked.numel() + sum(target_terms) / len(target_terms),
                            rel_tol=1e-3)  # the mark changes the loss


@pytest.mark.parametrize('domains', [[None, None], [SOURCE_DOMAIN, None]])
def test_without_a_target_mark_loss_and_gradients_are_unchanged_bit_for_bit(domains):
    """The loss before per-sample labels: BCE(source, 0) + BCE(target, 1), same gradients."""
    model = build('DANN', discriminator=DISCRIMINATOR)
    replica = copy.deepcopy(model)
    spy = UpdateSpy(model, gradients=True)
    data = tagged_pair(domains)

    log_vars = model.train_step(data, optimisers(model))

    source, target = replica.preprocess_pair(data)
    feats_s, feats_t = replica.extract_pair(source['inputs'], target['inputs'])
    domain_s = replica.task.domain_features(feats_s)
    domain_t = replica.task.domain_features(feats_t)
    logits = replica.discriminator(grad_reverse(torch.cat([domain_s, domain_t]), LAMBDA_P))
    logits_s, logits_t = logits[:len(domain_s)], logits[len(domain_s):]
    loss_domain = (F.binary_cross_entropy_with_logits(logits_s, torch.zeros_like(logits_s))
                   + F.binary_cross_entropy_with_logits(logits_t, torch.ones_like(logits_t)))
    assert torch.equal(log_vars['loss_domain'], loss_domain.detach())
    expected = torch.autograd.grad(loss_domain, list(replica.discriminator.parameters()))
    for got, before in zip(spy.grads[0]['discriminator'], expected):
        assert torch.equal(got, before)
