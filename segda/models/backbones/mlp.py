"""Fully connected feature generator G for vector inputs (two moons, pooled features).

Layer i maps h_i (N x d_i) to

    h_{i+1} = act(BN(W_i h_i + b_i))

with BatchNorm1d when ``norm`` and the activation dropped on the last layer when
``last_act`` is false. ``linear_block`` builds one such layer and is shared with the
classification head and the MLP discriminator.
"""
from torch import nn

from segda.registry import MODELS
from segda.utils import check_positive_int, check_vector_input, check_widths

ACTIVATIONS = dict(relu=nn.ReLU, leaky_relu=nn.LeakyReLU, elu=nn.ELU, gelu=nn.GELU,
                   tanh=nn.Tanh, sigmoid=nn.Sigmoid)


def linear_block(in_features, out_features, norm=True, act='relu'):
    """``[Linear, BatchNorm1d (if norm), activation (if act)]`` as a list of modules."""
    if act is not None and act not in ACTIVATIONS:
        raise ValueError(f'unknown activation {act!r}: use one of {sorted(ACTIVATIONS)} or None')
    layers = [nn.Linear(in_features, out_features)]
    if norm:
        layers.append(nn.BatchNorm1d(out_features))
    if act is not None:
        layers.append(ACTIVATIONS[act]())
    return layers


@MODELS.register_module()
class MLP(nn.Module):
    """Stack of ``Linear -> BatchNorm1d -> activation`` layers, ``in_channels -> hidden[-1]``.

    Args:
        in_channels: input dimension D_in.
        hidden: widths of the layers; ``out_channels = hidden[-1]``. The ADR toy G is
            ``MLP(2, hidden=(5, 5))`` ([2, 5, 5] in ADR Sec. 4.1).
        norm: add BatchNorm1d after each Linear.
        act: activation name (``'relu'``, ``'tanh'``, ...) or None.
        last_act: apply the activation after the last layer as well.
    """

    def __init__(self, in_channels, hidden=(5, 5), norm=True, act='relu', last_act=True):
        super().__init__()
        self.in_channels = check_positive_int('MLP', 'in_channels', in_channels)
        hidden = check_widths('MLP', 'hidden', hidden, allow_empty=False)
        layers, width = [], self.in_channels
        for i, out in enumerate(hidden):
            is_last = i == len(hidden) - 1
            layers += linear_block(width, out, norm, None if is_last and not last_act else act)
            width = out
        self.layers = nn.Sequential(*layers)
        self.out_channels = width

    def forward(self, x):
        """``N x in_channels`` -> ``N x out_channels``."""
        check_vector_input('MLP', x, self.in_channels)
        return self.layers(x)
