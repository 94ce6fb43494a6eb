"""Domain discriminator D for feature vectors (DANN on classification and re-ID).

Each hidden layer is ``Linear -> ReLU [-> Dropout]``; a last Linear gives one domain
logit per sample: ``N x D -> N x 1``. DANN uses ``D -> 1024 -> 1024 -> 1`` for images,
``D -> 100 -> 1`` for digits and ``D -> 500 -> 1`` for re-ID.
"""
from torch import nn

from segda.models.backbones.mlp import linear_block
from segda.registry import MODELS
from segda.utils import check_positive_int, check_vector_input, check_widths


@MODELS.register_module()
class MLPDiscriminator(nn.Module):
    """Fully connected domain classifier with one logit per sample.

    Args:
        in_channels: feature dimension D.
        hidden: widths of the hidden layers (``()`` gives logistic regression).
        dropout: drop probability after each hidden ReLU; 0 disables it.
    """

    def __init__(self, in_channels, hidden=(1024, 1024), dropout=0.0):
        super().__init__()
        self.in_channels = check_positive_int('MLPDiscriminator', 'in_channels', in_channels)
        hidden = check_widths('MLPDiscriminator', 'hidden', hidden)
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f'MLPDiscriminator: dropout must be in [0, 1), got {dropout!r}')
        layers, width = [], self.in_channels
        for out in hidden:
            layers += linear_block(width, out, norm=False, act='relu')
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = out
        layers.append(nn.Linear(width, 1))
        self.layers = nn.Sequential(*layers)

    def forward(self, feats):
        """``N x in_channels`` -> ``N x 1`` domain logits."""
        check_vector_input('MLPDiscriminator', feats, self.in_channels)
        return self.layers(feats)
