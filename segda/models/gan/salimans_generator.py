"""The image generator of Salimans et al. 2016 (their semi-supervised SVHN / CIFAR-10 code),
ADR's G in Sec. 4.3: noise z -> image in [-1, 1].

    z (noise_dim, 100) -> dense base x base x widths[0], BatchNorm, ReLU
    -> per further width: deconv 5x5 stride 2, BatchNorm, ReLU          (size doubles)
    -> deconv 5x5 stride 2 to out_channels, tanh                        (size doubles)

Salimans et al.: base 4, widths (512, 256, 128): 4 -> 8 -> 16 -> 32 x 32 x 3 (their last
deconv has weight normalisation; here it is a plain deconv). Output size base * 2^len(widths).
Their noise is uniform in [0, 1) (:meth:`SalimansGenerator.sample_noise`).
"""
import torch
from torch import nn

from segda.registry import MODELS
from segda.utils import check_positive_int, check_widths


def _deconv(in_ch, out_ch):
    """5x5 transposed convolution, stride 2: S x S -> 2S x 2S."""
    return nn.ConvTranspose2d(in_ch, out_ch, 5, stride=2, padding=2, output_padding=1)


@MODELS.register_module()
class SalimansGenerator(nn.Module):
    """G: ``N x noise_dim`` noise -> ``N x out_channels x S x S`` images in [-1, 1].

    Args:
        noise_dim: the length of z (100).
        widths: channels of the dense layer's map and of each hidden deconv's output.
        base_size: the side of the dense layer's map (S = base_size * 2^len(widths)).
        out_channels: image channels.
    """

    def __init__(self, noise_dim=100, widths=(512, 256, 128), base_size=4, out_channels=3):
        super().__init__()
        self.noise_dim = check_positive_int('SalimansGenerator', 'noise_dim', noise_dim)
        widths = check_widths('SalimansGenerator', 'widths', widths, allow_empty=False)
        self.base_size = check_positive_int('SalimansGenerator', 'base_size', base_size)
        self.widths = widths
        self.dense = nn.Sequential(
            nn.Linear(self.noise_dim, widths[0] * base_size * base_size, bias=False),
            nn.BatchNorm1d(widths[0] * base_size * base_size), nn.ReLU())
        layers = []
        for in_ch, out_ch in zip(widths[:-1], widths[1:]):
            layers += [_deconv(in_ch, out_ch), nn.BatchNorm2d(out_ch), nn.ReLU()]
        layers += [_deconv(widths[-1], out_channels), nn.Tanh()]
        self.deconvs = nn.Sequential(*layers)
        self.out_size = base_size * 2 ** len(widths)

    def sample_noise(self, num: int, device=None) -> torch.Tensor:
        """``num x noise_dim`` noise, uniform in [0, 1) as Salimans et al.'s."""
        return torch.rand(num, self.noise_dim, device=device)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """``N x noise_dim`` -> ``N x out_channels x S x S`` images in [-1, 1]."""
        maps = self.dense(z).view(len(z), self.widths[0], self.base_size, self.base_size)
        return self.deconvs(maps)
