"""Prediction entropies: per sample (conditional) and of the batch-mean prediction (marginal).

With p = softmax(z) over the class dim 1 and M the samples (or pixels) of a batch:

    entropy(z)          = (1 / M) sum_i H(p_i),        H(p) = -sum_k p_k log p_k
                          (ADR appendix A, Eq. 10-11: ENT's adversarial loss)
    marginal_entropy(z) = H(p_bar),                    p_bar_k = (1 / M) sum_i p_ik

The conditional entropy is minimised to make predictions confident; the marginal entropy
is maximised to spread them over the K classes (the class-balance reading of ADR Eq. 5).
Both are computed from log-probabilities (log_softmax, logsumexp), so extreme logits
give finite values and gradients: an underflowed p_k multiplies a finite log p_k.
"""
import math

import torch
from torch import nn

from segda.registry import MODELS

from .cross_entropy import log_posteriors
from .reduction import reduce_over_classes


def entropy_from_log_probs(log_probs: torch.Tensor, reduction: str = 'sum') -> torch.Tensor:
    """(1 / M) sum_i -sum_k p_ik log p_ik for log-probabilities ``log_probs`` (classes on
    dim 1); ``reduction='mean'`` divides by K as well (``reduction.py``)."""
    return reduce_over_classes(-(log_probs.exp() * log_probs), reduction)


def entropy(logits: torch.Tensor, reduction: str = 'sum') -> torch.Tensor:
    """Mean per-sample (per-pixel) entropy of softmax(logits); ``N x K`` or ``N x K x H x W``;
    ``reduction='mean'``: divided by K, the official ENT code's scale."""
    return entropy_from_log_probs(log_posteriors(logits), reduction)


def marginal_entropy(logits: torch.Tensor) -> torch.Tensor:
    """Entropy of the mean prediction over all samples and pixels:

        log p_bar_k = logsumexp_i log p_ik - log M,   H(p_bar) = -sum_k p_bar_k log p_bar_k
    """
    log_probs = log_posteriors(logits)
    per_class = log_probs.transpose(0, 1).reshape(log_probs.shape[1], -1)
    log_mean = per_class.logsumexp(dim=1) - math.log(per_class.shape[1])
    return -(log_mean.exp() * log_mean).sum()


@MODELS.register_module()
class Entropy(nn.Module):
    """:func:`entropy` as a module."""

    def forward(self, logits):
        return entropy(logits)


@MODELS.register_module()
class MarginalEntropy(nn.Module):
    """:func:`marginal_entropy` as a module."""

    def forward(self, logits):
        return marginal_entropy(logits)
