"""The pixel-weighted cross entropy of the mixed images (DACS's
``CrossEntropyLoss2dPixelWiseWeighted``; in DAFormer the decode head's loss with
``seg_weight``):

    L = (1 / |P|) sum_{p in P, y(p) != ignore} w(p) (-log softmax(z(p))[y(p)])

averaged over every pixel P of the batch, ignored ones counting 0, as both codes average.
"""
import torch
import torch.nn.functional as F

from segda.models.losses import log_posteriors


def pixel_weighted_cross_entropy(logits: torch.Tensor, labels: torch.Tensor,
                                 weights: torch.Tensor, ignore_index: int = 255) -> torch.Tensor:
    """L of the module docstring for ``N x K x H x W`` logits, ``N x H x W`` labels and
    weights."""
    if labels.shape != weights.shape or labels.shape != logits.shape[:1] + logits.shape[2:]:
        raise ValueError(f'pixel_weighted_cross_entropy: logits {tuple(logits.shape)}, labels '
                         f'{tuple(labels.shape)} and weights {tuple(weights.shape)} must agree '
                         '(N x K x H x W, N x H x W, N x H x W).')
    losses = F.nll_loss(log_posteriors(logits), labels.long(), ignore_index=ignore_index,
                        reduction='none')
    return (weights * losses).mean()
