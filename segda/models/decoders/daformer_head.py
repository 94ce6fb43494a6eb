"""DAFormer's decoder: context-aware feature fusion (Hoyer et al., CVPR 2022, Sec. 3.2).

On the encoder's maps ``x_1 .. x_4`` (strides 4, 8, 16, 32; MiT's four stages):

    e_i = up_4(Conv1x1_i(x_i))                       (each level embedded to ``embed_dims``
                                                      channels, bilinear to stride 4)
    f   = [e_1; e_2; e_3; e_4]                        (concatenated: 4 ``embed_dims``)
    a_r = ReLU(BN(Conv1x1(f)))                        for r = 1
    a_r = ReLU(BN(PW(ReLU(BN(DW3x3_r(f))))))          for r in (6, 12, 18)
    z   = Dropout2d(ReLU(BN(Conv3x3([a_1; a_6; a_12; a_18]))))
    logits = up(Conv1x1(z), input size)               (K class scores)

``DW3x3_r`` is a depthwise 3x3 conv with dilation r (groups = channels) and ``PW`` a pointwise
1x1 conv: the depthwise-separable ASPP of DAFormer's config (``type='aspp', sep=True,
dilations=(1, 6, 12, 18), pool=False``, BN + ReLU), where dilation 1 is the plain 1x1 branch
as in DeepLabv3+'s ASPP; a 3x3 bottleneck conv fuses the branches. Dropout (0.1, channel-wise
as MMSeg's decode heads) precedes the 1x1 classifier conv, which MMSeg calls ``conv_seg``.
The embeddings are DAFormer's per-pixel linear layers written as 1x1 convs (the same map).

The decoder is two parts, ``decoder(x) == classifier(hidden(x))``, as every SegDA head:

- ``hidden`` (:class:`DAFormerFusion`): embeddings, ASPP, bottleneck and dropout, returning
  :class:`FeatureMaps` of the one stride-4 map ``z``;
- ``classifier`` (:class:`DAFormerClassifier`): the 1x1 conv to K scores at stride 4 and the
  bilinear upsampling to the input size, linear in ``z`` (the narrow C).

DAFormer computes its loss on the stride-4 logits resized to the label; here the logits are
resized to the input size inside C, the Segmentor's contract (the same numbers when labels
have the input's size).
"""
from typing import Optional, Sequence, Union

import torch
import torch.nn.functional as F
from torch import nn

from segda.registry import MODELS
from segda.structures import FeatureMaps, input_size_of
from segda.utils import check_positive_int, check_widths

DAFORMER_DILATIONS = (1, 6, 12, 18)


def conv_bn_relu(in_channels: int, out_channels: int, kernel: int, dilation: int = 1,
                 groups: int = 1) -> list:
    """Conv (no bias: BN follows), BatchNorm, ReLU; ``padding = dilation * (kernel // 2)``
    keeps the size."""
    return [nn.Conv2d(in_channels, out_channels, kernel, padding=dilation * (kernel // 2),
                      dilation=dilation, groups=groups, bias=False),
            nn.BatchNorm2d(out_channels), nn.ReLU(inplace=True)]


def aspp_branch(in_channels: int, out_channels: int, dilation: int) -> nn.Sequential:
    """Dilation 1: a 1x1 conv; else a depthwise-separable 3x3 conv with that dilation
    (depthwise 3x3 then pointwise 1x1, each with BN + ReLU)."""
    if dilation == 1:
        return nn.Sequential(*conv_bn_relu(in_channels, out_channels, 1))
    return nn.Sequential(*conv_bn_relu(in_channels, in_channels, 3, dilation, groups=in_channels),
                         *conv_bn_relu(in_channels, out_channels, 1))


class DAFormerFusion(nn.Module):
    """The hidden layers of DAFormer's decoder: every level embedded and upsampled to stride 4,
    the separable ASPP, the 3x3 bottleneck and the dropout. Returns :class:`FeatureMaps` of
    the fused stride-4 map with the input size."""

    def __init__(self, in_channels: Sequence[int], embed_dims: int, channels: int,
                 dilations: Sequence[int], dropout: float, align_corners: bool):
        super().__init__()
        self.align_corners = align_corners
        self.embed = nn.ModuleList(nn.Conv2d(c, embed_dims, 1) for c in in_channels)
        fused = embed_dims * len(in_channels)
        self.aspp = nn.ModuleList(aspp_branch(fused, channels, rate) for rate in dilations)
        self.bottleneck = nn.Sequential(*conv_bn_relu(channels * len(dilations), channels, 3))
        self.dropout = nn.Dropout2d(dropout) if dropout > 0 else nn.Identity()

    def forward(self, feats: FeatureMaps) -> FeatureMaps:
        size = feats[0].shape[-2:]
        embedded = []
        for x, embed in zip(feats, self.embed):
            x = embed(x)
            if x.shape[-2:] != size:
                x = F.interpolate(x, size=size, mode='bilinear', align_corners=self.align_corners)
            embedded.append(x)
        fused = torch.cat(embedded, dim=1)
        z = self.bottleneck(torch.cat([branch(fused) for branch in self.aspp], dim=1))
        return FeatureMaps([self.dropout(z)], feats.input_size)


class DAFormerClassifier(nn.Module):
    """The per-pixel classifier: ``up(Conv1x1(z), input size)``, linear in ``z``."""

    def __init__(self, channels: int, num_classes: int, align_corners: bool):
        super().__init__()
        self.num_classes = num_classes
        self.align_corners = align_corners
        self.conv_seg = nn.Conv2d(channels, num_classes, 1)
        nn.init.normal_(self.conv_seg.weight, std=0.01)
        nn.init.zeros_(self.conv_seg.bias)

    def scores(self, feats: FeatureMaps) -> torch.Tensor:
        """Logits at the fused map's stride (4): ``N x K x H/4 x W/4``."""
        return self.conv_seg(feats[-1])

    def forward(self, feats: FeatureMaps, out_size: Optional[Sequence[int]] = None):
        """Logits ``N x K x H x W`` at ``out_size`` (default: ``feats.input_size``)."""
        return F.interpolate(self.scores(feats), size=tuple(out_size or feats.input_size),
                             mode='bilinear', align_corners=self.align_corners)


@MODELS.register_module()
class DAFormerHead(nn.Module):
    """DAFormer's decoder (module docstring): ``hidden`` then ``classifier``.

    Args:
        in_channels: channels of the backbone's maps, shallow to deep, the shallowest at the
            finest stride (MiT's ``out_channels``).
        num_classes: K.
        embed_dims: channels of each level's embedding (DAFormer: 256).
        channels: channels of each ASPP branch and of the bottleneck (DAFormer: 256).
        dilations: of the ASPP branches, 1 meaning the 1x1 branch (DAFormer: 1, 6, 12, 18).
        dropout: channel-wise dropout probability before the classifier (DAFormer: 0.1); 0:
            none.
        align_corners: of every bilinear resize.
    """

    def __init__(self, in_channels: Union[int, Sequence[int]], num_classes: int,
                 embed_dims: int = 256, channels: int = 256,
                 dilations: Sequence[int] = DAFORMER_DILATIONS, dropout: float = 0.1,
                 align_corners: bool = False):
        super().__init__()
        owner = 'DAFormerHead'
        self.in_channels = list(check_widths(owner, 'in_channels', in_channels,
                                             allow_empty=False))
        check_positive_int(owner, 'embed_dims', embed_dims)
        check_positive_int(owner, 'channels', channels)
        dilations = check_widths(owner, 'dilations', dilations, allow_empty=False)
        if not 0 <= dropout < 1:
            raise ValueError(f'{owner}: dropout must be in [0, 1), got {dropout}.')
        self.num_classes = check_positive_int(owner, 'num_classes', num_classes)
        self.dropout = dropout
        self.hidden = DAFormerFusion(self.in_channels, embed_dims, channels, dilations, dropout,
                                     align_corners)
        self.classifier = DAFormerClassifier(channels, num_classes, align_corners)
        self.init_weights()

    @property
    def has_dropout(self) -> bool:
        """True when the fused map gets dropout (what ADR's critic needs)."""
        return self.dropout > 0

    def init_weights(self):
        """ASPP and bottleneck convs Kaiming-normal (fan out), BatchNorm 1 and 0 (MMCV's
        ConvModule); the embeddings keep PyTorch's default; the classifier N(0, 0.01^2)."""
        for module in [*self.hidden.aspp.modules(), *self.hidden.bottleneck.modules()]:
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode='fan_out', nonlinearity='relu')
            elif isinstance(module, nn.BatchNorm2d):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)

    def forward(self, feats, out_size: Optional[Sequence[int]] = None) -> torch.Tensor:
        """Logits ``N x K x H x W`` at ``out_size``, default ``feats.input_size`` (a plain list
        of maps needs ``out_size``)."""
        feats = FeatureMaps(feats, input_size_of(feats, out_size, 'DAFormerHead'))
        if len(feats) != len(self.in_channels):
            raise ValueError(f'DAFormerHead was built for {len(self.in_channels)} maps '
                             f'(in_channels={self.in_channels}), got {len(feats)}.')
        return self.classifier(self.hidden(feats), out_size)
