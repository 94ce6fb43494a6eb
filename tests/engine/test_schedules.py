"""The papers' schedules: values at p = 0, 0.5, 1 and the registered InvLR scheduler."""
import math

import pytest
import torch

from segda.engine.schedules import InvLR, adaptation_weight, annealed_lr_factor


def test_adaptation_weight_values():
    assert adaptation_weight(0.0) == 0.0
    assert adaptation_weight(0.5) == pytest.approx(2 / (1 + math.exp(-5)) - 1)
    assert adaptation_weight(1.0) == pytest.approx(0.999909, abs=1e-6)


def test_annealed_lr_factor_values():
    assert annealed_lr_factor(0.0) == 1.0
    assert annealed_lr_factor(0.5) == pytest.approx(6 ** -0.75)
    assert annealed_lr_factor(1.0) == pytest.approx(11 ** -0.75)


def test_inv_lr_follows_progress_per_iteration():
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    scheduler = InvLR(optimizer, end=10)
    lrs = []
    for _ in range(11):
        lrs.append(optimizer.param_groups[0]['lr'])
        optimizer.step()
        scheduler.step()
    assert lrs[0] == pytest.approx(0.1)
    assert lrs[5] == pytest.approx(0.1 * 6 ** -0.75)
    assert lrs[9] == pytest.approx(0.1 * 10 ** -0.75)
    assert lrs[10] == lrs[9]  # iterations run 0..end-1; the schedule stops at `end`


def test_inv_lr_restores_exactly_from_state_dict():
    def make():
        param = torch.nn.Parameter(torch.zeros(1))
        optimizer = torch.optim.SGD([param], lr=0.1)
        return optimizer, InvLR(optimizer, end=10)

    optimizer, scheduler = make()
    for _ in range(4):
        optimizer.step()
        scheduler.step()
    state = scheduler.state_dict()
    resumed_optimizer, resumed = make()
    resumed.load_state_dict(state)
    for _ in range(3):
        optimizer.step()
        scheduler.step()
        resumed_optimizer.step()
        resumed.step()
    assert resumed_optimizer.param_groups[0]['lr'] == pytest.approx(optimizer.param_groups[0]['lr'])
    assert optimizer.param_groups[0]['lr'] == pytest.approx(0.1 * 8 ** -0.75)


def test_inv_lr_needs_a_finite_end():
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(ValueError, match='finite `end`'):
        InvLR(optimizer)
