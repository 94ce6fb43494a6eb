"""A tiny segmentation method to test steps on: its parts, batches, optimisers, the runner's
progress, and a spy on ``UDAMethod.update`` / ``update_each``.

Steps are observed by wrapping ``update`` / ``update_each`` on the instance: the spy records
the loss handed over and which parts' parameters changed during the call, so the tests hold
whatever those helpers do inside (all-reduce, loss scaling).
"""
import itertools
import math
from dataclasses import dataclass

import pytest
import torch
from mmengine.logging import MessageHub

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.engine.optim import PartsOptimWrapperConstructor
from segda.registry import MODELS

K = 3
SIZE = (32, 64)
ITER, MAX_ITERS = 10, 100
LAMBDA_P = 2 / (1 + math.exp(-10 * ITER / MAX_ITERS)) - 1  # DANN JMLR Sec. 5.2.2, p = 0.1
DISCRIMINATOR = dict(type='PixelDiscriminator', channels=(8,))
_hub_names = itertools.count()


@pytest.fixture(autouse=True)
def progress():
    """The runner's progress p = ITER / MAX_ITERS, as RuntimeInfoHook would publish it."""
    hub = MessageHub.get_instance(f'test_methods_{next(_hub_names)}')
    hub.update_info('iter', ITER)
    hub.update_info('max_iters', MAX_ITERS)


def build(type_, outputs=K, dropout=0.5, dropout_sites=('fc6', 'fc7'), **kwargs):
    """A method around ResNet-18 + FCN (16 channels) with ``outputs`` logits per pixel."""
    torch.manual_seed(0)
    return MODELS.build(dict(
        type=type_, data_preprocessor=dict(type='SegDataPreProcessor'),
        task=dict(type='Segmentor', num_classes=outputs, backbone=dict(type='ResNet', depth=18),
                  decoder=dict(type='FCNDecoder', channels=16, dropout=dropout,
                               dropout_sites=dropout_sites)),
        **kwargs)).train()


def batch(seed, labelled=True, ignore_all=False):
    generator = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 256, (2, 3, *SIZE), dtype=torch.uint8, generator=generator)
    samples = [dict(img_shape=SIZE, ori_shape=SIZE) for _ in images]
    if labelled:
        labels = torch.randint(0, K, (2, *SIZE), dtype=torch.uint8, generator=generator)
        labels[:, :4] = 255
        if ignore_all:
            labels[:] = 255
        for sample, label in zip(samples, labels):
            sample['gt_seg'] = label
    return dict(inputs=images, data_samples=samples)


def pair(ignore_all=False):
    """A domain-pair batch: labelled source, unlabelled target."""
    return dict(source=batch(1, ignore_all=ignore_all), target=batch(2, labelled=False))


def optimisers(model):
    """One SGD wrapper per part, built the way the runner builds them."""
    sgd = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.01, momentum=0.9))
    return PartsOptimWrapperConstructor({name: sgd for name in model.parts()})(model)


def parameters(model):
    return {name: [p.detach().clone() for p in part.parameters()]
            for name, part in model.parts().items()}


@dataclass
class Call:
    parts: tuple       # the parts the call optimises
    losses: dict       # part(s) -> the loss value handed over
    changed: set       # the parts whose parameters changed during the call


class UpdateSpy:
    """Wrap ``model.update`` and ``model.update_each``; record every call as a :class:`Call`.

    ``gradients=True`` also records, for ``update``, d loss / d parameter of every stepped
    part, computed from the loss handed over before the original runs.
    """

    def __init__(self, model, gradients=False):
        self.model, self.gradients, self.calls, self.grads = model, gradients, [], []
        update, update_each = model.update, model.update_each

        def spy_update(optim_wrapper, loss, names, *args, **kwargs):
            if self.gradients:
                parts = model.parts()
                self.grads.append({name: torch.autograd.grad(loss, list(parts[name].parameters()),
                                                             retain_graph=True) for name in names})
            self._record(tuple(names), {tuple(names): loss}, update,
                         optim_wrapper, loss, names, *args, **kwargs)

        def spy_update_each(optim_wrapper, **losses):
            self._record(tuple(losses), losses, update_each, optim_wrapper, **losses)

        model.update, model.update_each = spy_update, spy_update_each

    def _record(self, parts, losses, original, *args, **kwargs):
        values = {name: loss.detach().clone() for name, loss in losses.items()}
        before = parameters(self.model)
        original(*args, **kwargs)
        after = parameters(self.model)
        changed = {name for name in before
                   if any(not torch.equal(a, b) for a, b in zip(before[name], after[name]))}
        self.calls.append(Call(parts, values, changed))
