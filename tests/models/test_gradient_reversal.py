"""The gradient reversal layer (DANN JMLR Sec. 4): identity forward, exactly -lambda * the
upstream gradient backward, lambda a float or a 0-dim tensor given per call."""
import pytest
import torch

from segda.models.losses import GradientReversal, grad_reverse
from segda.registry import MODELS

LAMBDAS = [0.37, torch.tensor(0.37), torch.tensor(0.37, dtype=torch.float64)]


@pytest.mark.parametrize('lambd', LAMBDAS)
def test_forward_is_identity_and_backward_is_minus_lambda_times_upstream(lambd):
    x = torch.randn(3, 4, 5, requires_grad=True)
    upstream = torch.randn(3, 4, 5)
    y = grad_reverse(x, lambd)
    assert torch.equal(y, x) and y.dtype == x.dtype
    y.backward(upstream)
    assert x.grad.dtype == x.dtype
    assert torch.equal(x.grad, upstream * -torch.as_tensor(lambd, dtype=x.dtype))


def test_the_layer_after_it_trains_with_unscaled_gradients():
    """Features get the reversed, scaled gradient; the discriminator its ordinary one."""
    features = torch.randn(8, 4, requires_grad=True)
    discriminator = torch.nn.Linear(4, 1)

    def gradients(reverse):
        inputs = grad_reverse(features, 0.5) if reverse else features
        loss = discriminator(inputs).logsumexp(0).sum()
        return torch.autograd.grad(loss, [features, discriminator.weight])

    (feat_plain, weight_plain), (feat_reversed, weight_reversed) = gradients(False), gradients(True)
    assert torch.equal(weight_reversed, weight_plain)
    assert torch.allclose(feat_reversed, -0.5 * feat_plain)


def test_module_takes_lambda_per_call_and_keeps_no_state():
    grl = MODELS.build(dict(type='GradientReversal'))
    assert isinstance(grl, GradientReversal)
    assert not list(grl.parameters()) and not list(grl.buffers())
    x = torch.ones(2, 3, requires_grad=True)
    for lambd in (1.0, 0.25, 1.0):  # same lambda, same gradient: nothing steps between calls
        grad, = torch.autograd.grad(grl(x, lambd).sum(), x)
        assert torch.equal(grad, torch.full_like(x, -lambd))


def test_lambda_needs_no_gradient_and_gets_none():
    lambd = torch.tensor(2.0, requires_grad=True)
    x = torch.ones(3, requires_grad=True)
    grad_reverse(x, lambd).sum().backward()
    assert torch.equal(x.grad, torch.full((3,), -2.0)) and lambd.grad is None


def test_bad_lambda_is_refused():
    with pytest.raises(ValueError, match='0-dim tensor'):
        grad_reverse(torch.ones(2), torch.ones(2))
    with pytest.raises(TypeError, match='number or a 0-dim tensor'):
        grad_reverse(torch.ones(2), '0.5')
