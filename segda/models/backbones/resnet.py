"""ResNet backbone (torchvision's) returning multi-scale feature maps for a segmentation decoder."""
from typing import Optional, Sequence

import torchvision
from torch import nn

from segda.registry import MODELS

from .pretrained import TORCHVISION_PREFIX, load_pretrained

STRIDES = (2, 4, 8, 16, 32)
LAYER_NAMES = ('layer1', 'layer2', 'layer3', 'layer4')
# output_stride -> torchvision's replace_stride_with_dilation for layer2, layer3, layer4.
DILATED_STAGES = {32: (False, False, False), 16: (False, False, True), 8: (False, True, True)}


@MODELS.register_module()
class ResNet(nn.Module):
    """torchvision's ResNet without its pooling and classifier.

    ``forward(x)`` returns the maps selected by ``out_indices`` from (index: stride, channels
    for depth 18/34 | 50/101/152):

        0 stem  (conv1 + bn + relu)   2    64 | 64
        1 layer1                      4    64 | 256
        2 layer2                      8   128 | 512
        3 layer3                     16   256 | 1024
        4 layer4                     32   512 | 2048

    Parameter names are torchvision's (``conv1.weight``, ``layer1.0.bn1.weight``, ...), so its
    checkpoints load as they are.

    ``output_stride`` 16 or 8 (depth 50 and up) replaces the stride of layer4, or of layer3 and
    layer4, by dilation (torchvision's ``replace_stride_with_dilation``; the dilated ResNet of
    DeepLab, Chen et al., TPAMI 2018, Sec. 3.1): at output stride 8 the strides are
    ``2, 4, 8, 8, 8``, layer3's 3x3 convs have dilation 2 and layer4's dilation 4. As in
    torchvision (and mmseg's ``contract_dilation=True``, DAFormer's DeepLabv2), the first
    block of a dilated stage keeps the previous stage's dilation (layer3[0]: 1, layer4[0]: 2);
    the Caffe DeepLabv2 ResNet ported by AdaptSegNet uses the stage's dilation in every
    block. The weights are the same either way.

    Args:
        depth: 18, 34, 50, 101 or 152.
        pretrained: ``None`` (random init), a local file, or ``'torchvision://resnet<depth>'``
            (see :func:`segda.models.backbones.pretrained.load_pretrained`).
        frozen_bn: BatchNorm affine parameters do not train and BN stays in eval mode.
        norm_eval: BatchNorm stays in eval mode (running statistics frozen); its affine
            parameters still train.
        out_indices: which maps to return, strictly increasing in 0..4; stages after the
            last one are not built.
        output_stride: 32 (no dilation), 16 or 8: the stride of the deepest map.
    """

    def __init__(self, depth: int = 50, pretrained: Optional[str] = None, frozen_bn: bool = False,
                 norm_eval: bool = False, out_indices: Sequence[int] = (0, 1, 2, 3, 4),
                 output_stride: int = 32):
        super().__init__()
        arch = f'resnet{depth}'
        if depth not in (18, 34, 50, 101, 152):
            raise ValueError(f'ResNet: depth must be 18, 34, 50, 101 or 152, got {depth!r}.')
        out_indices = tuple(out_indices)
        if not out_indices or list(out_indices) != sorted(set(out_indices)) or not set(
                out_indices) <= set(range(len(STRIDES))):
            raise ValueError('ResNet: out_indices must be strictly increasing values in 0..4 '
                             f'(0 = stem, 4 = layer4), got {out_indices}.')
        if (isinstance(pretrained, str) and pretrained.startswith(TORCHVISION_PREFIX)
                and pretrained != TORCHVISION_PREFIX + arch):
            raise ValueError(f'ResNet(depth={depth}) cannot load {pretrained!r}: use '
                             f"'{TORCHVISION_PREFIX}{arch}'.")
        if output_stride not in DILATED_STAGES:
            raise ValueError(f'ResNet: output_stride must be 32, 16 or 8, got {output_stride!r}.')
        if output_stride != 32 and depth < 50:
            raise ValueError(f'ResNet(depth={depth}): output_stride={output_stride} needs '
                             "dilated 3x3 convs, which torchvision's BasicBlock (depth 18, 34) "
                             'does not support; use depth 50 or more.')
        resnet = getattr(torchvision.models, arch)(
            weights=None, replace_stride_with_dilation=list(DILATED_STAGES[output_stride]))
        self.conv1, self.bn1, self.relu, self.maxpool = (
            resnet.conv1, resnet.bn1, resnet.relu, resnet.maxpool)
        # Residual stages deeper than the last returned map are not kept (no unused weights).
        self.layer_names = LAYER_NAMES[:out_indices[-1]]
        for name in self.layer_names:
            setattr(self, name, getattr(resnet, name))
        expansion = type(resnet.layer1[0]).expansion
        channels = [64] + [width * expansion for width in (64, 128, 256, 512)]
        self.out_indices = out_indices
        self.out_channels = [channels[i] for i in out_indices]
        self.output_stride = output_stride
        self.strides = [min(STRIDES[i], output_stride) for i in out_indices]
        self.frozen_bn = frozen_bn
        self.norm_eval = norm_eval or frozen_bn
        if pretrained is not None:
            load_pretrained(self, pretrained)
        if frozen_bn:
            for norm in self.batch_norms():
                norm.requires_grad_(False)

    def batch_norms(self):
        """Every BatchNorm layer of the network."""
        return [m for m in self.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]

    def train(self, mode: bool = True):
        """Set the training mode; BatchNorm stays in eval mode with ``norm_eval``/``frozen_bn``."""
        super().train(mode)
        if mode and self.norm_eval:
            for norm in self.batch_norms():
                norm.eval()
        return self

    def forward(self, x):
        """The feature maps selected by ``out_indices``, shallow to deep."""
        x = self.relu(self.bn1(self.conv1(x)))
        maps = [x]
        x = self.maxpool(x)
        for name in self.layer_names:
            x = getattr(self, name)(x)
            maps.append(x)
        return [maps[i] for i in self.out_indices]
