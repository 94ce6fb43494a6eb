"""Convolutional feature generators G of the digit and traffic-sign benchmarks:
``N x C x S x S -> N x D``.

Each stage is ``Conv k x k -> [BatchNorm2d] -> ReLU [-> MaxPool]``; the last map is flattened.
``arch`` picks the stages (output maps, kernel, padding, pooling as kernel/stride/padding):

``'dann_mnist'``: DANN (Ganin et al., JMLR 2016, Fig. 4a, "MNIST architecture; inspired by
    the classical LeNet-5"): conv 5x5 32 -> pool 2x2 stride 2 -> conv 5x5 48 -> pool 2x2
    stride 2. The feature extractor is the two convolutions (the green part of Fig. 4a);
    28 x 28 input -> 48 x 4 x 4 = 768.
``'dann_svhn'``: DANN Fig. 4b ("SVHN architecture; adopted from Srivastava et al."): conv 5x5
    64 -> pool 3x3 stride 2 -> conv 5x5 64 -> pool 3x3 stride 2 -> conv 5x5 128. The figure
    gives no padding; 'same' padding (2) and pool padding 1 are used, as in ADR's code for
    this network (mil-tokyo/adr_da, ``model/svhn2mnist.py``): 32 x 32 -> 128 x 8 x 8 = 8192.
``'dann_gtsrb'``: DANN Fig. 4c ("GTSRB architecture; we used the single-CNN baseline from
    Ciresan et al. as our starting point"), three ``conv -> ReLU -> max-pool 2x2 stride 2``
    stages, no padding::

        40 x 40 x 3 -> conv 5x5 96  -> 36 x 36 -> pool -> 18 x 18 x 96
                    -> conv 3x3 144 -> 16 x 16 -> pool ->  8 x  8 x 144
                    -> conv 5x5 256 ->  4 x  4 -> pool ->  2 x  2 x 256 = 1024

    The figure's box labels are lost in the paper's text copy here: the text gives the three
    blocks and the 2x2 stride-2 pools; the input side, kernels and widths are the figure's
    values as two independent public re-implementations of DANN read them, not checked
    against the figure itself. The domain classifier takes these 1024 features.
``'adr_lenet'``: ADR (Saito et al., ICLR 2018, Sec. 4.2, USPS <-> MNIST): "the same network
    architecture as in (Tzeng et al. (2017)) [ADDA's LeNet], but inserted a Batch
    Normalization layer before the activation layer": conv 5x5 20 -> BN -> ReLU -> pool 2x2
    stride 2 -> conv 5x5 50 -> BN -> ReLU -> pool 2x2 stride 2, no padding (ADR's
    ``model/usps.py``): 28 x 28 -> 50 x 4 x 4 = 800.
``'adr_svhn'``: ADR's SVHN -> MNIST generator: ``'dann_svhn'`` with BatchNorm before each
    ReLU (``model/svhn2mnist.py``).

The classifiers C on top of these are :class:`segda.models.heads.DigitHead` with the same
``arch``.
"""
from typing import Optional

import torch
from torch import nn

from segda.registry import MODELS
from segda.utils import check_choice, check_positive_int

# (out_channels, kernel, padding, (pool kernel, stride, padding) or None) per stage,
# BatchNorm before the activations, default input size.
ARCHS = {
    'dann_mnist': dict(stages=((32, 5, 0, (2, 2, 0)), (48, 5, 0, (2, 2, 0))), norm=False,
                       input_size=28),
    'dann_svhn': dict(stages=((64, 5, 2, (3, 2, 1)), (64, 5, 2, (3, 2, 1)), (128, 5, 2, None)),
                      norm=False, input_size=32),
    'dann_gtsrb': dict(stages=((96, 5, 0, (2, 2, 0)), (144, 3, 0, (2, 2, 0)),
                               (256, 5, 0, (2, 2, 0))), norm=False, input_size=40),
    'adr_lenet': dict(stages=((20, 5, 0, (2, 2, 0)), (50, 5, 0, (2, 2, 0))), norm=True,
                      input_size=28),
}
ARCHS['adr_svhn'] = dict(ARCHS['dann_svhn'], norm=True)


def conv_output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """Side of a conv/pool output: ``floor((size + 2 padding - kernel) / stride) + 1``."""
    return (size + 2 * padding - kernel) // stride + 1


@MODELS.register_module()
class DigitConvNet(nn.Module):
    """The digit and sign networks' feature extractors (module docstring), flattened to ``N x D``.

    Args:
        arch: ``'dann_mnist'``, ``'dann_svhn'``, ``'dann_gtsrb'``, ``'adr_lenet'`` or
            ``'adr_svhn'``.
        in_channels: 3 for colour inputs (MNIST-M, SVHN, traffic signs, MNIST expanded by
            ``GreyToRGB``),
            1 for grey ones (ADR's USPS <-> MNIST).
        input_size: the side S of the square inputs (default: 28 for the LeNets, 32 for the
            SVHN networks, 40 for the GTSRB one); D = ``out_channels`` depends on it.

    Attributes:
        out_channels: D, the length of the flattened feature vector.
    """

    def __init__(self, arch: str = 'dann_mnist', in_channels: int = 3,
                 input_size: Optional[int] = None):
        super().__init__()
        check_choice('DigitConvNet: arch', arch, tuple(ARCHS))
        spec = ARCHS[arch]
        self.arch = arch
        self.in_channels = check_positive_int('DigitConvNet', 'in_channels', in_channels)
        self.input_size = check_positive_int('DigitConvNet', 'input_size',
                                             input_size or spec['input_size'])
        layers, channels, size = [], self.in_channels, self.input_size
        for out, kernel, padding, pool in spec['stages']:
            layers.append(nn.Conv2d(channels, out, kernel, padding=padding))
            if spec['norm']:
                layers.append(nn.BatchNorm2d(out))
            layers.append(nn.ReLU(inplace=True))
            size = conv_output_size(size, kernel, 1, padding)
            if pool is not None:
                layers.append(nn.MaxPool2d(*pool))
                size = conv_output_size(size, *pool)
            if size < 1:
                raise ValueError(f"DigitConvNet('{arch}'): input_size {self.input_size} is too "
                                 'small for its layers.')
            channels = out
        self.layers = nn.Sequential(*layers)
        self.out_channels = channels * size * size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``N x in_channels x S x S`` -> ``N x out_channels``."""
        expected = (self.in_channels, self.input_size, self.input_size)
        if x.dim() != 4 or tuple(x.shape[1:]) != expected:
            raise ValueError(f"DigitConvNet('{self.arch}') expects N x {expected[0]} x "
                             f'{expected[1]} x {expected[2]} inputs, got {tuple(x.shape)}; '
                             'resize the images in the pipeline (Resize), match the channels '
                             '(GreyToRGB / RGBToGrey) or set in_channels / input_size.')
        return self.layers(x).flatten(1)
