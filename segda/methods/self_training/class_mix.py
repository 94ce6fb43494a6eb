"""ClassMix across domains (DACS; the masks are ClassMix's, Olsson et al., WACV 2021).

For the pair (source image x_S, target image x_T) with source label y_S, a set c of half the
classes present in y_S is drawn at random, and

    M(p)     = 1 if y_S(p) in c, else 0
    x_M      = M * x_S + (1 - M) * x_T
    y_M      = M * y_S + (1 - M) * y_T^hat              (y_T^hat: the teacher's pseudo-label)

so the source objects of the chosen classes are pasted onto the target image.
"""
import torch


def class_mix_masks(labels: torch.Tensor) -> torch.Tensor:
    """``N x H x W`` bool masks M, one per source label map of ``labels`` (``N x H x W``):
    of the n values present in label map i, ``(n + n % 2) // 2`` (n/2 rounded up) are drawn
    without replacement (``torch.randperm``, the global generator) and M_i is 1 where the label
    is one of them.

    The values are those ``torch.unique`` finds, the ignore index included, as DACS's and
    DAFormer's code count them (DACS's filter of the ignore label is commented out): pasted
    ignored pixels stay ignored in the mixed label.
    """
    if labels.dim() != 3:
        raise ValueError(f'class_mix_masks: labels must be N x H x W, got shape '
                         f'{tuple(labels.shape)}.')
    masks = []
    for label in labels:
        classes = torch.unique(label)
        count = len(classes)
        chosen = classes[torch.randperm(count)[:(count + count % 2) // 2].to(classes.device)]
        masks.append(torch.isin(label, chosen))
    return torch.stack(masks)


def mix(masks: torch.Tensor, source: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """``M * source + (1 - M) * target`` per image: ``masks`` ``N x H x W`` (bool), ``source``
    and ``target`` ``N x H x W`` (labels, weights) or ``N x C x H x W`` (images)."""
    if source.shape != target.shape:
        raise ValueError(f'mix: source {tuple(source.shape)} and target {tuple(target.shape)} '
                         'differ in shape; crop both domains to the same size.')
    if source.dim() == masks.dim() + 1:
        masks = masks.unsqueeze(1)
    return torch.where(masks, source, target)
