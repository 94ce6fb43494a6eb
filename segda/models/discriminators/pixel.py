"""Per-pixel domain discriminator D for feature maps (DANN on segmentation).

Each hidden layer is ``Conv2d(k, padding k // 2) -> ReLU``; a last conv gives one domain
logit per pixel, so the map keeps its size: ``N x C x H x W -> N x 1 x H x W``. With
``kernel_size=1`` every pixel is classified independently.
"""
from torch import nn

from segda.registry import MODELS
from segda.utils import check_positive_int, check_widths


@MODELS.register_module()
class PixelDiscriminator(nn.Module):
    """Fully convolutional domain classifier with one logit per pixel.

    Args:
        in_channels: channels C of the feature map.
        channels: widths of the hidden conv layers (``()`` for a single conv); by default two
            layers of C / 4 (ResNet-50's 2048 -> 512, 512; ResNet-18's 512 -> 128, 128).
        kernel_size: odd kernel size of every conv (odd so the output keeps H x W).
    """

    def __init__(self, in_channels, channels=None, kernel_size=1):
        super().__init__()
        self.in_channels = check_positive_int('PixelDiscriminator', 'in_channels', in_channels)
        if channels is None:
            channels = (max(in_channels // 4, 1),) * 2
        channels = check_widths('PixelDiscriminator', 'channels', channels)
        check_positive_int('PixelDiscriminator', 'kernel_size', kernel_size)
        if kernel_size % 2 == 0:
            raise ValueError(f'PixelDiscriminator: kernel_size must be odd so the output keeps '
                             f'the input size, got {kernel_size}')
        layers, width = [], self.in_channels
        for out in channels:
            layers += [nn.Conv2d(width, out, kernel_size, padding=kernel_size // 2), nn.ReLU()]
            width = out
        layers.append(nn.Conv2d(width, 1, kernel_size, padding=kernel_size // 2))
        self.layers = nn.Sequential(*layers)

    def forward(self, feats):
        """``N x in_channels x H x W`` -> ``N x 1 x H x W`` domain logits."""
        if feats.dim() != 4 or feats.shape[1] != self.in_channels:
            raise ValueError(f'PixelDiscriminator expects N x {self.in_channels} x H x W '
                             f'features, got shape {tuple(feats.shape)}')
        return self.layers(feats)
