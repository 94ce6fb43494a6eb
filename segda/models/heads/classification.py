"""Classification head C for vector features: logits ``N x K``.

Each hidden layer is ``[Dropout ->] Linear -> BatchNorm1d -> ReLU`` and a final Linear
maps to the K class logits:

    h_{i+1} = ReLU(BN(W_i drop(h_i) + b_i)),   logits = W_out drop'(h_L) + b_out

Dropout sites (``dropout_sites``): ``'hidden'`` drops the input of every hidden Linear,
``'logits'`` drops the input of the final Linear. ADR (Sec. 3.2) needs at least one site:
two stochastic forward passes of C in train mode are its critic.

The head is two parts, ``hidden`` (every layer but the last, with the ``'logits'``
dropout) and ``classifier`` (the final Linear), so a method that needs the narrow split
(SymNets: Cs and Ct are the final layers) can take ``classifier`` alone.
"""
from torch import nn

from segda.models.backbones.mlp import linear_block
from segda.registry import MODELS
from segda.utils import check_positive_int, check_vector_input, check_widths

DROPOUT_SITES = ('hidden', 'logits')


@MODELS.register_module()
class ClassificationHead(nn.Module):
    """MLP classifier ``in_channels -> hidden... -> num_classes``.

    Args:
        in_channels: feature dimension D (``Classifier`` fills it from its backbone).
        num_classes: K, the number of logits.
        hidden: widths of the hidden layers; ``()`` gives a linear classifier. The ADR toy
            C ([5, 5, 2], ADR Sec. 4.1) is ``hidden=(5, 5), num_classes=2``.
        dropout: drop probability at each site; 0 disables dropout.
        dropout_sites: subset of ``('hidden', 'logits')``.
        norm: BatchNorm1d after each hidden Linear.
    """

    def __init__(self, in_channels, num_classes, hidden=(5,), dropout=0.5,
                 dropout_sites=('hidden',), norm=True):
        super().__init__()
        self.in_channels = check_positive_int('ClassificationHead', 'in_channels', in_channels)
        self.num_classes = check_positive_int('ClassificationHead', 'num_classes', num_classes)
        hidden = check_widths('ClassificationHead', 'hidden', hidden)
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f'ClassificationHead: dropout must be in [0, 1), got {dropout!r}')
        dropout_sites = (dropout_sites,) if isinstance(dropout_sites, str) else tuple(dropout_sites)
        unknown = sorted(set(dropout_sites) - set(DROPOUT_SITES))
        if unknown:
            raise ValueError(f'ClassificationHead: unknown dropout_sites {unknown}; '
                             f'use a subset of {DROPOUT_SITES}')
        self.dropout = dropout
        self.dropout_sites = dropout_sites

        def drop(site):
            return [nn.Dropout(dropout)] if dropout > 0 and site in dropout_sites else []

        layers, width = [], self.in_channels
        for out in hidden:
            layers += drop('hidden') + linear_block(width, out, norm, 'relu')
            width = out
        layers += drop('logits')
        self.hidden = nn.Sequential(*layers)
        self.classifier = nn.Linear(width, self.num_classes)

    @property
    def has_dropout(self):
        """True when dropout > 0 at a site that exists (``'hidden'`` needs hidden layers)."""
        return any(isinstance(m, nn.Dropout) for m in self.hidden)

    def forward(self, feats):
        """``N x in_channels`` features -> ``N x num_classes`` logits:
        ``classifier(hidden(feats))``."""
        check_vector_input('ClassificationHead', feats, self.in_channels)
        return self.classifier(self.hidden(feats))
