"""The teacher's pseudo-labels on target images and their confidence weight (DACS; its
code's ``pixel_weight='threshold_uniform'``):

    y^hat(p) = argmax_k softmax(z(p))_k
    q        = (1 / |P|) sum_{p in P} [max_k softmax(z(p))_k >= tau]

over the pixels P of the whole target batch (tau = 0.968): every target pixel of the mixed
images weighs q, every pasted source pixel 1.
"""
import torch


def pseudo_labels(logits: torch.Tensor):
    """``(y^hat, max probability)``: the argmax of the softmax over the classes (dim 1) of
    ``N x K x H x W`` logits, and the probability it has; both ``N x H x W``, no gradient."""
    probs = torch.softmax(logits.detach().float(), dim=1)
    max_probs, labels = probs.max(dim=1)
    return labels, max_probs


def confidence_weight(max_probs: torch.Tensor, threshold: float) -> torch.Tensor:
    """q = the share of the pixels of the whole batch whose max probability is >= tau
    (``threshold``), a 0-dim tensor; DACS and DAFormer take it over the batch (the pixels of
    all its target images), not per image."""
    return (max_probs >= threshold).float().mean()


def ignore_rows(weights: torch.Tensor, top: int = 0, bottom: int = 0) -> torch.Tensor:
    """``weights`` (``N x H x W``) with the ``top`` first and ``bottom`` last rows set to 0:
    DAFormer's ``pseudo_weight_ignore_top/bottom`` (15 and 120 for Cityscapes: the ego car's
    bonnet and the rectification border, whose pseudo-labels are not trusted)."""
    if top < 0 or bottom < 0:
        raise ValueError(f'ignore_rows: top and bottom must be >= 0, got {top}, {bottom}.')
    weights = weights.clone()
    if top:
        weights[:, :top] = 0
    if bottom:
        weights[:, weights.shape[1] - bottom:] = 0
    return weights
