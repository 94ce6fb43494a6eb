"""DAFormer's thing-class ImageNet feature distance (Hoyer et al., CVPR 2022, Sec. 3.4), as its
code computes it (``masked_feat_dist``, ``calc_feat_dist``, ``downscale_label_ratio``).

For the source batch, F_theta the student's and F_I the frozen initial (ImageNet) backbone's
features of the last level (``N x C x h x w``), y_S the source label (``N x H x W``):

    d(p)  = || F_I(x_S)(p) - F_theta(x_S)(p) ||_2                 per feature pixel p
    y_d   = the label downscaled by r = W // w: per r x r cell, the class covering the
            largest share of it (the ignore value counted as a class); the ignore value
            where that share is below the threshold (0.75) or the class is ignored
    M(p)  = [y_d(p) in C_things]
    L_FD  = lambda_FD sum_p M(p) d(p) / sum_p M(p)

d is the L2 norm, not its square (DAFormer's ``torch.norm(f1 - f2, dim=1, p=2)``, then the
mean over the masked pixels). Where no feature pixel is masked, DAFormer's mean is NaN (with no
gradient); here L_FD is 0, still in the graph, so that a batch without things neither logs
NaN nor stops the run.
"""
from typing import Sequence

import torch
import torch.nn.functional as F


def downscale_label_ratio(labels: torch.Tensor, scale: int, min_ratio: float,
                          num_classes: int, ignore_index: int = 255) -> torch.Tensor:
    """``labels`` (``N x H x W``, integer) downscaled by the integer ``scale`` (``N x H // scale
    x W // scale``): in each ``scale x scale`` cell, the value covering the largest share of
    its pixels (the ignore value counted like a class; the lowest class on a tie), replaced
    by ``ignore_index`` where that share is below ``min_ratio`` or the value is the ignore
    value itself."""
    if labels.dim() != 3:
        raise ValueError(f'downscale_label_ratio: labels must be N x H x W, got shape '
                         f'{tuple(labels.shape)}.')
    if scale < 1:
        raise ValueError(f'downscale_label_ratio: scale must be >= 1, got {scale}; the '
                         'features must not be larger than the label.')
    labels = labels.long()
    substitute = num_classes  # one more channel for the ignored pixels
    labels = torch.where(labels == ignore_index, torch.full_like(labels, substitute), labels)
    if labels.max() > substitute or labels.min() < 0:
        raise ValueError(f'downscale_label_ratio: label values must be in [0, {num_classes}) '
                         f'or {ignore_index}.')
    shares = F.avg_pool2d(F.one_hot(labels, num_classes + 1).permute(0, 3, 1, 2).float(),
                          kernel_size=scale)
    ratio, downscaled = shares.max(dim=1)
    ignored = (downscaled == substitute) | (ratio < min_ratio)
    return torch.where(ignored, torch.full_like(downscaled, ignore_index), downscaled)


def masked_feature_distance(features: torch.Tensor, reference: torch.Tensor,
                            mask: torch.Tensor) -> torch.Tensor:
    """sum_p M(p) ||reference(p) - features(p)||_2 / sum_p M(p) for ``N x C x h x w`` maps
    and an ``N x h x w`` bool mask; 0 (connected to ``features``) where the mask is empty."""
    if features.shape != reference.shape or mask.shape != features.shape[:1] + features.shape[2:]:
        raise ValueError(f'masked_feature_distance: features {tuple(features.shape)}, '
                         f'reference {tuple(reference.shape)} and mask {tuple(mask.shape)} '
                         'must agree (N x C x h x w, N x C x h x w, N x h x w).')
    distances = torch.norm(features - reference, p=2, dim=1)
    mask = mask.to(distances.dtype)
    return (distances * mask).sum() / mask.sum().clamp(min=1)


def thing_class_mask(labels: torch.Tensor, size: Sequence[int], classes: Sequence[int],
                     min_ratio: float, num_classes: int,
                     ignore_index: int = 255) -> torch.Tensor:
    """M: the ``N x h x w`` bool mask of the feature pixels whose downscaled label (scale
    ``W // w``, ``size = (h, w)``) is one of ``classes``. A label that does not divide
    evenly into ``size`` loses its last rows or columns, as DAFormer's average pooling."""
    downscaled = downscale_label_ratio(labels, labels.shape[-1] // size[-1], min_ratio,
                                       num_classes, ignore_index)
    if tuple(downscaled.shape[-2:]) != tuple(size):
        raise ValueError(f'thing_class_mask: the label {tuple(labels.shape[-2:])} downscaled '
                         f'by {labels.shape[-1] // size[-1]} is {tuple(downscaled.shape[-2:])}, '
                         f'not the feature size {tuple(size)}; crop the inputs to a multiple '
                         "of the backbone's output stride.")
    return torch.isin(downscaled, torch.as_tensor(list(classes), device=labels.device))
