"""MaxNormHook: the l2 max-norm constraint (Srivastava et al. 2014) DANN's SVHN network trains
with: every unit's incoming weights projected onto ||w|| <= c after each iteration."""
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from segda.engine import MaxNormHook


class Method(nn.Module):
    def __init__(self):
        super().__init__()
        self.task = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(8, 5))
        self.discriminator = nn.Linear(5, 1)


def test_rows_above_c_are_scaled_to_c_the_others_and_other_parts_untouched():
    torch.manual_seed(0)
    model = Method()
    with torch.no_grad():
        model.task[2].weight.mul_(10)
        model.task[2].weight[0] = 0.1  # a unit within the ball
        model.discriminator.weight.mul_(100)
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    hook = MaxNormHook(max_norm=2.0)
    runner = SimpleNamespace(model=model)
    hook.before_train(runner)
    hook.after_train_iter(runner, 0)

    for layer in (model.task[0], model.task[2]):
        norms = layer.weight.flatten(1).norm(dim=1)
        assert (norms <= 2.0 + 1e-5).all()
        old = before[f'task.{list(model.task).index(layer)}.weight'].flatten(1)
        # each row keeps its direction and is shrunk only when it was longer than c
        expected = old * (2.0 / old.norm(dim=1, keepdim=True)).clamp(max=1.0)
        torch.testing.assert_close(layer.weight.flatten(1), expected)
    torch.testing.assert_close(model.task[2].weight[0], before['task.2.weight'][0])
    assert torch.equal(model.discriminator.weight, before['discriminator.weight'])
    assert torch.equal(model.task[2].bias, before['task.2.bias'])


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match='max_norm must be positive'):
        MaxNormHook(max_norm=0)
    with pytest.raises(ValueError, match="no part 'head'"):
        MaxNormHook(max_norm=1.0, module='head').before_train(SimpleNamespace(model=Method()))
