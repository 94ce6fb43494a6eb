"""The critic of Salimans et al. 2016 ("Improved techniques for training GANs", their
semi-supervised SVHN / CIFAR-10 code), the K-class classifier ADR trains as its GAN critic
(ADR Sec. 4.3, appendix E): ``N x C x S x S -> N x D`` features, D = ``widths[1]``.

    dropout(input_dropout)                                  (0.2)
    conv1-3   3x3 widths[0], leaky ReLU; conv3 stride 2
    dropout(dropout)                                        (0.5)
    conv4-6   3x3 widths[1], leaky ReLU; conv6 stride 2
    dropout(dropout)                                        (0.5)
    conv7     3x3 widths[1], no padding, leaky ReLU
    conv8-9   1x1 widths[1] (network in network), leaky ReLU
    global average pool                                     -> f(x), Eq. 9's features

The dense layer to the K logits is the head (``ClassificationHead(hidden=())``). Widths:
(96, 192) on CIFAR-10 and (64, 128) on SVHN in Salimans et al.'s code; leaky ReLU slope 0.2
(their ``nn.lrelu``). Normalisation: ``'weight_norm'`` as Salimans et al.; ``'batch_norm'``
(BatchNorm before each activation) as ADR uses on SVHN ("we replaced Weight Normalization
with Batch Normalization for C"); ``'none'``.

:meth:`SalimansCritic.forward_until` returns the map after a named layer (``'conv6'``: the
tap of ADR's CIFAR-10 classifier, appendix E).
"""
from collections import OrderedDict

import torch
from torch import nn
from torch.nn.utils.parametrizations import weight_norm

from segda.registry import MODELS
from segda.utils import check_choice, check_positive_int

NORMS = ('batch_norm', 'weight_norm', 'none')
LEAKY_SLOPE = 0.2


def _conv_block(in_ch, out_ch, kernel, stride, padding, norm):
    conv = nn.Conv2d(in_ch, out_ch, kernel, stride=stride, padding=padding,
                     bias=norm != 'batch_norm')
    if norm == 'weight_norm':
        conv = weight_norm(conv)
    layers = [conv] + ([nn.BatchNorm2d(out_ch)] if norm == 'batch_norm' else [])
    return nn.Sequential(*layers, nn.LeakyReLU(LEAKY_SLOPE))


@MODELS.register_module()
class SalimansCritic(nn.Module):
    """The critic's convolutional part (module docstring).

    Args:
        in_channels: image channels.
        widths: (the first block's width, the second's and the rest's).
        input_dropout: drop probability on the input image.
        dropout: drop probability after conv3 and after conv6.
        norm: one of ``NORMS``.
    """

    def __init__(self, in_channels=3, widths=(96, 192), input_dropout=0.2, dropout=0.5,
                 norm='weight_norm'):
        super().__init__()
        check_choice('SalimansCritic: norm', norm, NORMS)
        if len(widths) != 2:
            raise ValueError(f'SalimansCritic: widths must be two numbers, got {widths!r}')
        first, second = (check_positive_int('SalimansCritic', 'widths', w) for w in widths)
        for name, p in (('input_dropout', input_dropout), ('dropout', dropout)):
            if not 0.0 <= p < 1.0:
                raise ValueError(f'SalimansCritic: {name} must be in [0, 1), got {p!r}')
        in_channels = check_positive_int('SalimansCritic', 'in_channels', in_channels)
        # name: (in, out, kernel, stride, padding)
        convs = OrderedDict(
            conv1=(in_channels, first, 3, 1, 1), conv2=(first, first, 3, 1, 1),
            conv3=(first, first, 3, 2, 1), conv4=(first, second, 3, 1, 1),
            conv5=(second, second, 3, 1, 1), conv6=(second, second, 3, 2, 1),
            conv7=(second, second, 3, 1, 0), conv8=(second, second, 1, 1, 0),
            conv9=(second, second, 1, 1, 0))
        layers = OrderedDict(drop0=nn.Dropout(input_dropout))
        for name, spec in convs.items():
            layers[name] = _conv_block(*spec, norm)
            if name in ('conv3', 'conv6'):
                layers['drop' + name[-1]] = nn.Dropout(dropout)
        self.layers = nn.Sequential(layers)
        self.out_channels = second

    def forward_until(self, x: torch.Tensor, name: str) -> torch.Tensor:
        """The map after layer ``name`` (``'conv1'`` ... ``'conv9'``, ``'drop0'``, ...)."""
        check_choice('SalimansCritic.forward_until: name', name, tuple(self.layers._modules))
        for layer_name, layer in self.layers.named_children():
            x = layer(x)
            if layer_name == name:
                return x
        raise AssertionError(name)  # unreachable: the name was checked

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``N x C x S x S`` images -> ``N x D`` features f(x) (global average pool)."""
        return self.layers(x).mean(dim=(2, 3))
