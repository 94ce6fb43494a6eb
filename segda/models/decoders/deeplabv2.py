"""DeepLabv2's classifier (Chen et al., TPAMI 2018, Sec. 3.2, Fig. 4): atrous spatial pyramid
pooling (ASPP-L) on the deepest map of a dilated ResNet (output stride 8).

On the deepest map ``x_L`` (ResNet-101: 2048 channels at 1/8 of the input):

    x~ = Dropout(x_L)                                             (``hidden``; ADR's dropout)
    y  = sum_{r in (6, 12, 18, 24)} Conv3x3_{dilation r}(x~)      (K class scores, ``classifier``)
    logits = up(y, input size)                                    (bilinear)

The four branches read the same map with dilation (and padding) 6, 12, 18 and 24 and are
summed, as in DeepLabv2's ResNet-101 model and the ``Classifier_Module`` of AdaptSegNet and
ADVENT (their GTA5 -> Cityscapes baseline): each branch maps the features to K scores
directly, weights N(0, 0.01^2), zero biases.

Where ADR's dropout goes: ADR's critic C must contain dropout (Saito et al., ICLR 2018,
Sec. 3.2: C1, C2 are two dropout samples of C; appendix D puts it in the FCN's hidden
layers). DeepLabv2's C has no hidden layer, the ASPP is one linear layer per pixel, so the
only place inside C is its input: element-wise dropout on ``x_L`` before the ASPP, the
``hidden`` part. It keeps G (the ResNet) deterministic, so the dropout samples differ in C
alone as ADR requires, and it leaves the ASPP (``classifier``) linear in its inputs, the
final classifier layer that a method taking the narrow split (SymNets' Cs) uses; with that
split the dropout trains with G. The same decoder, with the same dropout, serves every
method's config, so they compare one network; ``dropout=0`` is the literature's DeepLabv2
without dropout.
"""
from typing import Optional, Sequence, Union

import torch
import torch.nn.functional as F
from torch import nn

from segda.registry import MODELS
from segda.structures import FeatureMaps, input_size_of
from segda.utils import check_positive_int

DEEPLABV2_DILATIONS = (6, 12, 18, 24)


class DeepLabV2Hidden(nn.Module):
    """Element-wise dropout on the deepest map (identity at ``dropout=0``): the part of C
    before its classifier layer. Returns :class:`FeatureMaps` of that one map with the input
    size."""

    def __init__(self, dropout: float):
        super().__init__()
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, feats: FeatureMaps) -> FeatureMaps:
        return FeatureMaps([self.dropout(feats[-1])], feats.input_size)


class ASPPClassifier(nn.Module):
    """DeepLabv2's ASPP: parallel 3x3 convs ``in_channels -> K`` with the given dilations,
    summed, upsampled (bilinear) to the input size:

        logits = up(sum_r Conv3x3_r(x), input size)

    Linear in its input (the per-pixel final classifier layer)."""

    def __init__(self, in_channels: int, num_classes: int,
                 dilations: Sequence[int] = DEEPLABV2_DILATIONS, align_corners: bool = False):
        super().__init__()
        self.num_classes = num_classes
        self.align_corners = align_corners
        self.branches = nn.ModuleList(
            nn.Conv2d(in_channels, num_classes, 3, padding=rate, dilation=rate)
            for rate in dilations)
        self.init_weights()

    @property
    def dilations(self) -> tuple:
        """The dilation of each branch."""
        return tuple(branch.dilation[0] for branch in self.branches)

    def init_weights(self):
        """Branch weights N(0, 0.01^2), zero biases (DeepLabv2, AdaptSegNet)."""
        for branch in self.branches:
            nn.init.normal_(branch.weight, std=0.01)
            nn.init.zeros_(branch.bias)

    def forward(self, feats: FeatureMaps,
                out_size: Optional[Sequence[int]] = None) -> torch.Tensor:
        """Logits ``N x K x H x W`` of the deepest map at ``out_size`` (default:
        ``feats.input_size``)."""
        x = feats[-1]
        scores = sum(branch(x) for branch in self.branches)
        return F.interpolate(scores, size=tuple(out_size or feats.input_size), mode='bilinear',
                             align_corners=self.align_corners)


@MODELS.register_module()
class DeepLabV2Decoder(nn.Module):
    """DeepLabv2's head: ``hidden`` (dropout on the deepest map) then ``classifier`` (ASPP).

    ``decoder(x) == classifier(hidden(x))``. It reads one map: build the backbone with
    ``out_indices=(4,)`` (and ``output_stride=8`` for DeepLabv2).

    Args:
        in_channels: channels of the backbone's one map (an int, or a one-item list as a
            backbone's ``out_channels``).
        num_classes: K.
        dropout: element-wise dropout probability on the map before the ASPP (module
            docstring: where ADR's dropout goes); 0: none.
        dilations: of the ASPP branches (DeepLabv2: 6, 12, 18, 24).
        align_corners: of the final bilinear upsampling.
    """

    def __init__(self, in_channels: Union[int, Sequence[int]], num_classes: int,
                 dropout: float = 0.5, dilations: Sequence[int] = DEEPLABV2_DILATIONS,
                 align_corners: bool = False):
        super().__init__()
        in_channels = [in_channels] if isinstance(in_channels, int) else list(in_channels)
        if len(in_channels) != 1:
            raise ValueError(f'DeepLabV2Decoder reads one map (the deepest), got in_channels='
                             f'{in_channels}; build the backbone with out_indices=(4,).')
        if not 0 <= dropout < 1:
            raise ValueError(f'DeepLabV2Decoder: dropout must be in [0, 1), got {dropout}.')
        if not dilations or not all(isinstance(r, int) and r > 0 for r in dilations):
            raise ValueError('DeepLabV2Decoder: dilations must be positive ints, got '
                             f'{dilations!r}.')
        self.in_channels = in_channels
        self.num_classes = check_positive_int('DeepLabV2Decoder', 'num_classes', num_classes)
        self.dropout = dropout
        self.hidden = DeepLabV2Hidden(dropout)
        self.classifier = ASPPClassifier(in_channels[0], num_classes, dilations, align_corners)

    @property
    def has_dropout(self) -> bool:
        """True when the map before the ASPP gets dropout (what ADR's critic needs)."""
        return self.dropout > 0

    def forward(self, feats, out_size: Optional[Sequence[int]] = None) -> torch.Tensor:
        """Logits ``N x K x H x W`` at ``out_size``, default ``feats.input_size`` (a plain list
        of maps needs ``out_size``)."""
        feats = FeatureMaps(feats, input_size_of(feats, out_size, 'DeepLabV2Decoder'))
        if len(feats) != 1:
            raise ValueError(f'DeepLabV2Decoder reads one map, got {len(feats)}; build the '
                             'backbone with out_indices=(4,).')
        return self.classifier(self.hidden(feats), out_size)
