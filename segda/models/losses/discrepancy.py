"""Discrepancies between two class posteriors of the same inputs (ADR's critic sensitivity).

With p1 = softmax(z_a), p2 = softmax(z_b) over the class dim 1, averaged over the M
samples (or pixels):

    symmetric_kl   d(p1, p2) = 1/2 (KL(p1 || p2) + KL(p2 || p1))          (ADR Eq. 1)
                             = 1/2 sum_k (p1_k - p2_k)(log p1_k - log p2_k)
    l1_discrepancy d(p1, p2) = (1 / K) sum_k |p1_k - p2_k|                (MCD's choice)

The symmetric KL takes log-probabilities from log_softmax of the logits, once (the
official ADR code applies softmax twice, which flattens the posteriors). ``reduction``
chooses the sum over classes (``'sum'``, Eq. 1 as printed) or the mean over them
(``'mean'``, the official code's scale: Eq. 1 divided by K); ``reduction.py``.
"""
import torch
from torch import nn

from segda.registry import MODELS

from .cross_entropy import log_posteriors
from .reduction import reduce_over_classes


def _pair_log_posteriors(logits_a, logits_b):
    if logits_a.shape != logits_b.shape:
        raise ValueError(f'logits_a and logits_b must have the same shape, got '
                         f'{tuple(logits_a.shape)} and {tuple(logits_b.shape)}')
    return log_posteriors(logits_a, 'logits_a'), log_posteriors(logits_b, 'logits_b')


def symmetric_kl(logits_a: torch.Tensor, logits_b: torch.Tensor,
                 reduction: str = 'sum') -> torch.Tensor:
    """ADR Eq. 1, mean over samples/pixels of 1/2 sum_k (p1_k - p2_k)(log p1_k - log p2_k)
    (``reduction='sum'``), or of 1/(2K) sum_k ... (``'mean'``).

    Symmetric, 0 for equal inputs, positive otherwise; ``N x K`` or ``N x K x H x W``.
    """
    log_p1, log_p2 = _pair_log_posteriors(logits_a, logits_b)
    return reduce_over_classes(0.5 * (log_p1.exp() - log_p2.exp()) * (log_p1 - log_p2),
                               reduction)


def l1_discrepancy(logits_a: torch.Tensor, logits_b: torch.Tensor,
                   reduction: str = 'mean') -> torch.Tensor:
    """Mean absolute difference of the probabilities, (1 / K) sum_k |p1_k - p2_k| averaged
    over samples/pixels (as in MCD, Saito et al. CVPR 2018; ``reduction='sum'`` drops 1/K)."""
    log_p1, log_p2 = _pair_log_posteriors(logits_a, logits_b)
    return reduce_over_classes((log_p1.exp() - log_p2.exp()).abs(), reduction)


@MODELS.register_module()
class SymmetricKL(nn.Module):
    """:func:`symmetric_kl` as a module."""

    def forward(self, logits_a, logits_b):
        return symmetric_kl(logits_a, logits_b)


@MODELS.register_module()
class L1Discrepancy(nn.Module):
    """:func:`l1_discrepancy` as a module."""

    def forward(self, logits_a, logits_b):
        return l1_discrepancy(logits_a, logits_b)
