"""Pooled ResNet generator G for object classification (Office-31, Office-Home, VisDA-2017):
torchvision's ResNet up to ``layer4``, global average pooling, optionally a bottleneck:

    f = mean_{h,w} layer4(x)                         (N x 2048 for depth 50/101/152)
    f = ReLU(BN(W_b f + b_b))                        (with ``bottleneck=B``: N x B)

The ImageNet-pretrained ResNet without its last fully connected layer is the generator of
ADR on VisDA-2017 ("the pre-trained CNN after removing the top fully connected layer",
ResNet-101) and SymNets on Office (ResNet-50). DANN attaches its domain classifier to a
256-d bottleneck after the pretrained features (DANN JMLR, footnote 5: "the 256-dimensional
bottleneck of fc7"): ``bottleneck=256``. The paper gives the bottleneck's width only; the
Linear -> BatchNorm1d -> ReLU form is the one of the common PyTorch reimplementations.
ImageNet weights come from a local file, never a download (``pretrained.py``).
"""
from typing import Optional

import torch
from torch import nn

from segda.registry import MODELS
from segda.utils import check_positive_int

from .resnet import ResNet


@MODELS.register_module()
class PooledResNet(nn.Module):
    """``N x 3 x H x W`` images -> ``N x out_channels`` pooled features (module docstring).

    Args:
        depth: 18, 34, 50, 101 or 152.
        pretrained: ``None``, a local file or ``'torchvision://resnet<depth>'``; loaded into
            the ResNet (the bottleneck starts from its random initialisation).
        bottleneck: width B of the bottleneck layer; ``None`` returns the pooled features.
        frozen_bn, norm_eval: as :class:`segda.models.backbones.ResNet`.

    Attributes:
        out_channels: D, 2048 (512 for depth 18/34) or B.
    """

    def __init__(self, depth: int = 50, pretrained: Optional[str] = None,
                 bottleneck: Optional[int] = None, frozen_bn: bool = False,
                 norm_eval: bool = False):
        super().__init__()
        self.resnet = ResNet(depth=depth, pretrained=pretrained, frozen_bn=frozen_bn,
                             norm_eval=norm_eval, out_indices=(4,))
        width = self.resnet.out_channels[-1]
        if bottleneck is None:
            self.bottleneck = nn.Identity()
        else:
            check_positive_int('PooledResNet', 'bottleneck', bottleneck)
            self.bottleneck = nn.Sequential(nn.Linear(width, bottleneck),
                                            nn.BatchNorm1d(bottleneck), nn.ReLU(inplace=True))
            width = bottleneck
        self.out_channels = width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``N x 3 x H x W`` -> ``N x out_channels``."""
        return self.bottleneck(self.resnet(x)[-1].mean(dim=(2, 3)))
