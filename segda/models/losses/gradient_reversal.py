"""The gradient reversal layer of DANN (Ganin et al., JMLR 2016, Sec. 4, Eq. 16-17):

    R_lambda(x) = x                 (forward)
    dR_lambda/dx = -lambda I        (backward: the upstream gradient times -lambda)

Placed between the features and the domain discriminator, one backward pass makes the
discriminator minimise its loss while the feature extractor maximises it (weighted by
lambda). lambda is an argument of every call, never state that steps on its own: the
caller computes lambda_p from its schedule. A 0-dim tensor lambda stays on its device
(no host synchronisation).
"""
import numbers

import torch
from torch import nn

from segda.registry import MODELS


class _ReverseGradient(torch.autograd.Function):
    """Identity forward; backward multiplies the gradient by -lambda (no gradient for lambda)."""

    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * -ctx.lambd, None


def grad_reverse(x: torch.Tensor, lambd=1.0) -> torch.Tensor:
    """R_lambda(x): returns ``x`` unchanged; its gradient is ``-lambd * grad``.

    Args:
        x: any tensor.
        lambd: a real number or a 0-dim tensor (e.g. lambda_p on the device).
    """
    if isinstance(lambd, torch.Tensor):
        if lambd.dim() != 0:
            raise ValueError(f'grad_reverse: lambd must be a number or a 0-dim tensor, got a '
                             f'tensor of shape {tuple(lambd.shape)}')
        lambd = lambd.detach()
    elif not isinstance(lambd, numbers.Real) or isinstance(lambd, bool):
        raise TypeError(f'grad_reverse: lambd must be a number or a 0-dim tensor, got '
                        f'{type(lambd).__name__}')
    return _ReverseGradient.apply(x, lambd)


@MODELS.register_module()
class GradientReversal(nn.Module):
    """:func:`grad_reverse` as a module; lambda is given per call: ``grl(x, lambd)``."""

    def forward(self, x, lambd):
        return grad_reverse(x, lambd)
