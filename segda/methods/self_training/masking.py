"""MIC's masked target images (Hoyer et al., CVPR 2023, Sec. 3.2; its code's
``BlockMaskGenerator``):

    M(b)     ~ Bernoulli(1 - r) per block b of b_s x b_s pixels    (1 keeps, 0 masks)
    M        = nearest upsampling of the block grid (round(H / b_s) x round(W / b_s)) to H x W
    x^M      = M * x                                                 (x normalised: 0 = mean colour)

with mask ratio r = 0.7 and block size b_s = 64 px: about 70 % of the blocks are withheld.
The draw uses torch's global generator, which the checkpoints save.
"""
import torch
import torch.nn.functional as F


def block_mask(images: torch.Tensor, ratio: float, block_size: int) -> torch.Tensor:
    """M for ``images`` (``N x C x H x W``): ``N x 1 x H x W`` floats, 0 on masked blocks,
    1 elsewhere; each block is masked with probability ``ratio``."""
    if not 0 <= ratio <= 1 or block_size < 1:
        raise ValueError(f'block_mask: ratio must be in [0, 1] and block_size >= 1, got '
                         f'{ratio!r} and {block_size!r}.')
    n, _, height, width = images.shape
    grid = (max(round(height / block_size), 1), max(round(width / block_size), 1))
    keep = (torch.rand(n, 1, *grid, device=images.device) > ratio).to(images.dtype)
    return F.interpolate(keep, size=(height, width), mode='nearest')


def mask_images(images: torch.Tensor, ratio: float, block_size: int) -> torch.Tensor:
    """x^M = M * x for normalised ``images``: masked blocks become 0, the mean colour."""
    return images * block_mask(images, ratio, block_size)
