"""Supervised log-likelihood losses with ignored labels, and the shared log-posterior step.

Over the labelled positions V = {i : y_i != ignore_index} (samples, or pixels):

    CE(z, y) = -(1 / |V|) sum_{i in V} log softmax(z_i)[y_i]

``nll_loss`` is the same mean on given log-probabilities (which need not sum to 1 over
the classes they index: SymNets Eq. 8 reads halves of a 2K-way softmax). Both return 0,
still attached to the graph, when no position is labelled, where a plain mean gives NaN.
"""
import torch
import torch.nn.functional as F
from torch import nn

from segda.registry import MODELS


def log_posteriors(logits: torch.Tensor, name: str = 'logits') -> torch.Tensor:
    """``log softmax`` over the class dim 1 of ``N x K [x H x W]`` logits, with a clear error
    when there is no class dim."""
    if logits.dim() < 2:
        raise ValueError(f'{name} must be N x K or N x K x H x W (classes on dim 1), '
                         f'got shape {tuple(logits.shape)}')
    return F.log_softmax(logits, dim=1)


def nll_loss(log_probs: torch.Tensor, labels: torch.Tensor, ignore_index: int = 255,
             name: str = 'labels') -> torch.Tensor:
    """-(1 / |V|) sum_{i in V} log_probs[i, y_i]; 0 with a gradient when V is empty.

    Args:
        log_probs: ``N x K [x H x W]`` log-probabilities, classes on dim 1.
        labels: ``N [x H x W]`` integer labels in ``[0, K)`` or ``ignore_index``.
        ignore_index: the label value of unlabelled positions.
        name: what to call ``labels`` in error messages.
    """
    expected = log_probs.shape[:1] + log_probs.shape[2:]
    if labels.shape != expected:
        raise ValueError(f'{name} must have shape {tuple(expected)} (the logits without the '
                         f'class dim), got {tuple(labels.shape)}')
    labels = labels.long()
    total = F.nll_loss(log_probs, labels, ignore_index=ignore_index, reduction='sum')
    return total / (labels != ignore_index).sum().clamp(min=1)


def cross_entropy(logits: torch.Tensor, labels: torch.Tensor,
                  ignore_index: int = 255) -> torch.Tensor:
    """Mean cross entropy over the labelled positions (module docstring); 0, not NaN, when
    every label is ``ignore_index``."""
    return nll_loss(log_posteriors(logits), labels, ignore_index)


@MODELS.register_module()
class CrossEntropyLoss(nn.Module):
    """:func:`cross_entropy` as a module: ``CrossEntropyLoss(ignore_index)(logits, labels)``."""

    def __init__(self, ignore_index: int = 255):
        super().__init__()
        self.ignore_index = ignore_index

    def forward(self, logits, labels):
        return cross_entropy(logits, labels, self.ignore_index)
