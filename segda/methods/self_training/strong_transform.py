"""DACS's strong transform of the mixed images: colour jitter, then Gaussian blur (DAFormer's
``strong_transform`` after ``one_mix``), in image space. For a batch of normalised images
x' = (x - mean) / std (0-255 scale, the data preprocessor's mean and std):

    u = x' std / 255 + mean / 255                     (denormalise to [0, 1])
    u <- ColorJitter(brightness=s, contrast=s, saturation=s, hue=s)(u)   with probability p_j
    u <- G_sigma * u,  sigma ~ U(0.15, 1.15)                            with probability p_b
    x' = (255 u - mean) / std                         (renormalise)

Whether to jitter and whether to blur is drawn once per batch (as DACS and DAFormer draw
them), the jitter's factors and the blur's sigma per image. The blur kernel is odd, about a
tenth of the image side (:func:`blur_kernel_size`). Blurring the renormalised image (the
sources' order) equals blurring u, the blur being linear and the normalisation affine per
channel. Every draw uses torch's global generator, which the checkpoints save.
"""
import math

import torch
from torchvision.transforms import ColorJitter
from torchvision.transforms.functional import gaussian_blur as torchvision_gaussian_blur

BLUR_SIGMA = (0.15, 1.15)


def color_jitter(images: torch.Tensor, strength: float) -> torch.Tensor:
    """Each ``3 x H x W`` image of ``images`` (in [0, 1]) jittered by its own draw of
    torchvision's ``ColorJitter(s, s, s, s)``: brightness, contrast and saturation factors in
    [1 - s, 1 + s], a hue shift in [-s, s], applied in a random order. (DAFormer uses kornia's
    ``ColorJitter`` of the same strengths.)"""
    jitter = ColorJitter(brightness=strength, contrast=strength, saturation=strength,
                         hue=strength)
    return torch.stack([jitter(image) for image in images])


def blur_kernel_size(side: int) -> int:
    """The odd kernel size of DACS's blur for an image side: c = ceil(0.1 side), c if odd,
    else c - 1 (e.g. 512 -> 51, 50 -> 5; 1 for a side up to 10)."""
    size = math.ceil(0.1 * side)
    return size if size % 2 else size - 1


def gaussian_blur(images: torch.Tensor) -> torch.Tensor:
    """Each image of ``images`` (``N x C x H x W``) blurred by a Gaussian of its own sigma ~
    U(0.15, 1.15), kernel :func:`blur_kernel_size` of the height by that of the width,
    borders reflected."""
    kernel = [blur_kernel_size(images.shape[-1]), blur_kernel_size(images.shape[-2])]  # (x, y)
    sigmas = torch.empty(len(images)).uniform_(*BLUR_SIGMA).tolist()
    return torch.stack([torchvision_gaussian_blur(image, kernel, [sigma, sigma])
                        for image, sigma in zip(images, sigmas)])


def strong_transform(images: torch.Tensor, mean: torch.Tensor, std: torch.Tensor,
                     jitter_strength: float = 0.2, jitter_prob: float = 0.8,
                     blur_prob: float = 0.5) -> torch.Tensor:
    """The module docstring's transform of normalised ``N x 3 x H x W`` ``images``; ``mean``
    and ``std`` broadcast to them (``3 x 1 x 1``, 0-255 scale)."""
    jitter, blur = (torch.rand(2) < torch.tensor([jitter_prob, blur_prob])).tolist()
    if jitter:
        unit = (images * std + mean) / 255
        images = (color_jitter(unit, jitter_strength) * 255 - mean) / std
    if blur:
        images = gaussian_blur(images)
    return images
