"""``domain_bn``: the two domains of a training batch through one forward ('joint', BatchNorm
normalises them with one set of batch statistics) or one forward each ('separate', each
domain normalised by its own batch statistics: the official SymNets code), for every method
that forwards both domains; and ADR's Step 1 on the source alone or jointly (``step1_bn``).

A spy on G's first BatchNorm layer records each call's batch size and the per-channel mean
of its normalised output x_hat = (x - mean_batch) / std_batch. A domain normalised by its
own statistics has x_hat with mean 0 per channel; the target images here are brighter than
the source's, so inside a joint batch neither domain's half has mean 0.
"""
import pytest
import torch
from torch import nn

from helpers.segmentation_methods import (  # noqa: F401  (progress: a fixture)
    DISCRIMINATOR,
    batch,
    build,
    optimisers,
    progress,
)


def shifted_pair():
    """Labelled source, unlabelled target brighter than the source (distinct statistics)."""
    target = batch(2, labelled=False)
    target['inputs'] = (target['inputs'] // 4 + 180).to(torch.uint8)
    return dict(source=batch(1), target=target)


class FirstBatchNormSpy:
    """Records (batch size, per-channel mean of x_hat per domain half) of every training call
    of the generator's first BatchNorm layer."""

    def __init__(self, model):
        self.layer = next(m for m in model.task.generator.modules()
                          if isinstance(m, nn.BatchNorm2d))
        self.calls = []
        self.layer.register_forward_hook(self._record)

    def _record(self, module, args, output):
        if not module.training:
            return
        (inputs,) = args
        x_hat = (output - module.bias[None, :, None, None]) / module.weight[None, :, None, None]
        self.calls.append((len(inputs), x_hat.detach().double()))


def own_statistics(x_hat):
    """Whether a batch's x_hat has mean 0 in every channel."""
    return bool(x_hat.mean(dim=(0, 2, 3)).abs().max() < 1e-4)


METHODS = [('DANN', dict(discriminator=DISCRIMINATOR)), ('SymNets', {}), ('ADR', {})]


@pytest.mark.parametrize('type_, kwargs', METHODS)
def test_separate_forwards_normalise_each_domain_by_its_own_batch(type_, kwargs):
    model = build(type_, domain_bn='separate', **kwargs)
    spy = FirstBatchNormSpy(model)
    model.train_step(shifted_pair(), optimisers(model))
    both_domains = [x_hat for size, x_hat in spy.calls if size == 2]
    assert all(size == 2 for size, _ in spy.calls)  # never a batch of both domains
    assert len(both_domains) >= 2
    assert all(own_statistics(x_hat) for x_hat in both_domains)


@pytest.mark.parametrize('type_, kwargs', METHODS)
def test_joint_forward_normalises_the_domains_together(type_, kwargs):
    model = build(type_, domain_bn='joint', **kwargs)
    spy = FirstBatchNormSpy(model)
    model.train_step(shifted_pair(), optimisers(model))
    joint = [x_hat for size, x_hat in spy.calls if size == 4]
    assert joint, 'no forward of source and target as one batch'
    for x_hat in joint:
        assert own_statistics(x_hat)  # the batch of 4 as a whole
        assert not own_statistics(x_hat[:2]) and not own_statistics(x_hat[2:])


def test_symnets_forwards_the_domains_separately_by_default_the_others_jointly():
    assert build('SymNets').domain_bn == 'separate'
    assert build('DANN', discriminator=DISCRIMINATOR).domain_bn == 'joint'
    assert build('ADR').domain_bn == 'joint'


@pytest.mark.parametrize('step1_bn, first_batch', [('source', 2), ('joint', 4)])
def test_adr_step1_sees_the_source_alone_or_both_domains(step1_bn, first_batch):
    model = build('ADR', step1_bn=step1_bn, generator_steps=1)
    spy = FirstBatchNormSpy(model)
    model.train_step(shifted_pair(), optimisers(model))
    assert spy.calls[0][0] == first_batch


def test_bad_domain_bn_and_step1_bn_are_named():
    with pytest.raises(ValueError, match="domain_bn must be one of"):
        build('SymNets', domain_bn='per-domain')
    with pytest.raises(ValueError, match="step1_bn must be one of"):
        build('ADR', step1_bn='both')
