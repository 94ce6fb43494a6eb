"""The DML feature extractor G for person re-ID (Yi et al., "Deep Metric Learning for Person
Re-identification", ICPR 2014; as DANN JMLR 2016 Sec. 5.3.2 uses it).

A ``3 x 128 x 48`` image is cut into three horizontal parts, upper, middle and lower, each
``48 x 48`` (rows 0-47, 40-87, 80-127: consecutive parts overlap by 8 rows, Yi et al.).
Every part runs through the same first convolution and its own second one:

    h_p = pool(ReLU(conv2_p(pool(ReLU(conv1(x_p))))))          p = upper, middle, lower
    G(x) = dropout_0.5(concat_p(flatten(h_p)))

conv1: 7x7, 3 -> 32 channels, shared by the three parts; conv2_p: 5x5, 32 -> 48 channels,
one per part; pool: 2x2 max pooling, stride 2; no padding. Per part the map goes
48 -> 42 -> 21 -> 17 -> 8, so ``out_channels = 3 * 48 * 8 * 8 = 9216``. DANN Sec. 5.3.2
states the shared first convolution, the concatenation, ReLU + max pooling and the
dropout of rate 0.5 after the concatenation; the part geometry and the widths 32 / 48
are Yi et al.'s (that paper is not in ../papers/; check against it). Yi et al.'s
cross-channel normalisation layers are not used (DANN does not mention them).
The 500-d descriptor layer is C (``ReIDDescriptorHead``).
"""
from typing import Sequence, Tuple

import torch
from torch import nn

from segda.registry import MODELS
from segda.utils import check_positive_int, check_widths


def _conv_relu_pool_size(size: int, kernel: int) -> int:
    """Side of a map after a valid ``kernel`` convolution and a 2x2/2 max pooling."""
    return (size - kernel + 1) // 2


@MODELS.register_module()
class DMLNet(nn.Module):
    """Three-part DML feature extractor (module docstring).

    Args:
        input_size: ``(H, W)`` of the inputs (128, 48).
        part_starts: first row of each part ((0, 40, 80)).
        part_height: rows of a part (48).
        channels: output channels of conv1 and conv2 ((32, 48)).
        kernels: kernel sizes of conv1 and conv2 ((7, 5)).
        dropout: rate of the dropout after the concatenation (0.5).

    Attributes:
        out_channels: length of the flattened feature vector (9216 by default).
    """

    def __init__(self, input_size: Tuple[int, int] = (128, 48),
                 part_starts: Sequence[int] = (0, 40, 80), part_height: int = 48,
                 channels: Sequence[int] = (32, 48), kernels: Sequence[int] = (7, 5),
                 dropout: float = 0.5):
        super().__init__()
        self.input_size = tuple(check_widths('DMLNet', 'input_size', input_size, False))
        channels = check_widths('DMLNet', 'channels', channels, False)
        kernels = check_widths('DMLNet', 'kernels', kernels, False)
        if len(self.input_size) != 2 or len(channels) != 2 or len(kernels) != 2:
            raise ValueError(f'DMLNet: input_size, channels and kernels take two values each, '
                             f'got {self.input_size}, {channels}, {kernels}')
        self.part_height = check_positive_int('DMLNet', 'part_height', part_height)
        self.part_starts = tuple(int(start) for start in part_starts)
        height, width = self.input_size
        if not self.part_starts or any(start < 0 or start + part_height > height
                                       for start in self.part_starts):
            raise ValueError(f'DMLNet: every part (start row in {self.part_starts}, '
                             f'{part_height} rows) must lie inside the {height} input rows.')
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f'DMLNet: dropout must be in [0, 1), got {dropout!r}')
        rows, cols = part_height, width
        for kernel in kernels:
            rows, cols = _conv_relu_pool_size(rows, kernel), _conv_relu_pool_size(cols, kernel)
        if rows < 1 or cols < 1:
            raise ValueError(f'DMLNet: a {part_height} x {width} part is too small for kernels '
                             f'{kernels} with two 2x2 poolings.')
        self.conv1 = nn.Sequential(nn.Conv2d(3, channels[0], kernels[0]), nn.ReLU(inplace=True),
                                   nn.MaxPool2d(2))
        self.conv2 = nn.ModuleList(
            nn.Sequential(nn.Conv2d(channels[0], channels[1], kernels[1]), nn.ReLU(inplace=True),
                          nn.MaxPool2d(2)) for _ in self.part_starts)
        self.dropout = nn.Dropout(dropout)
        self.out_channels = len(self.part_starts) * channels[1] * rows * cols

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """``N x 3 x H x W`` images -> ``N x out_channels`` features."""
        if inputs.dim() != 4 or tuple(inputs.shape[1:]) != (3,) + self.input_size:
            raise ValueError(f'DMLNet expects N x 3 x {self.input_size[0]} x {self.input_size[1]} '
                             f'inputs, got shape {tuple(inputs.shape)}; resize the images '
                             f'(Resize scale=({self.input_size[1]}, {self.input_size[0]})).')
        parts = [conv2(self.conv1(inputs[:, :, start:start + self.part_height]))
                 for start, conv2 in zip(self.part_starts, self.conv2)]
        return self.dropout(torch.cat([part.flatten(1) for part in parts], dim=1))
