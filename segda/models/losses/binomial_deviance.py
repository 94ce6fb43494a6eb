"""Binomial deviance over all pairs of a batch (Yi et al., "Deep Metric Learning for Person
Re-identification", ICPR 2014; the re-ID loss of DANN, JMLR 2016, Sec. 5.3.2).

For descriptors x_1..x_N with identities id_1..id_N, every unordered pair i < j has the
cosine similarity s_ij = <x_i, x_j> / (|x_i| |x_j|) and

    l_ij = log(1 + exp(-alpha (s_ij - beta) m_ij)),   m_ij = 1 if id_i = id_j else -c

(computed as softplus). Positive pairs P and negative pairs Q are averaged separately,
so their ratio in the batch does not set the weighting, then summed:

    L = (1 / |P|) sum_{P} l_ij + (1 / |Q|) sum_{Q} l_ij

A batch without positive (or negative) pairs contributes 0 for that part.
alpha = 2, beta = 0.5, c = 2 (the asymmetric cost of negatives) as in the paper.
"""
import torch
import torch.nn.functional as F
from torch import nn

from segda.registry import MODELS


def binomial_deviance(descriptors: torch.Tensor, ids: torch.Tensor, alpha: float = 2.0,
                      beta: float = 0.5, c: float = 2.0) -> torch.Tensor:
    """Binomial deviance of all pairs i < j of ``descriptors`` (``N x D``) with identities
    ``ids`` (``N`` integers): see the module docstring for the equation."""
    if descriptors.dim() != 2:
        raise ValueError(f'binomial_deviance: descriptors must be N x D, got shape '
                         f'{tuple(descriptors.shape)}')
    if ids.shape != descriptors.shape[:1]:
        raise ValueError(f'binomial_deviance: ids must have shape ({len(descriptors)},), one '
                         f'identity per descriptor, got {tuple(ids.shape)}')
    unit = F.normalize(descriptors, dim=1)
    similarity = unit @ unit.t()
    pairs = torch.ones_like(similarity, dtype=torch.bool).triu(diagonal=1)
    same = ids[:, None] == ids[None, :]
    positive, negative = pairs & same, pairs & ~same
    margin = torch.where(same, 1.0, -c).to(similarity.dtype)
    deviance = F.softplus(-alpha * (similarity - beta) * margin)
    return _masked_mean(deviance, positive) + _masked_mean(deviance, negative)


def _masked_mean(values, mask):
    """Mean of ``values`` where ``mask`` holds; 0 (with a gradient) where it holds nowhere."""
    return (values * mask).sum() / mask.sum().clamp(min=1)


@MODELS.register_module()
class BinomialDevianceLoss(nn.Module):
    """:func:`binomial_deviance` as a module with fixed alpha, beta, c."""

    def __init__(self, alpha: float = 2.0, beta: float = 0.5, c: float = 2.0):
        super().__init__()
        self.alpha, self.beta, self.c = alpha, beta, c

    def forward(self, descriptors, ids):
        return binomial_deviance(descriptors, ids, self.alpha, self.beta, self.c)
