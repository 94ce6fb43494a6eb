"""The re-ID descriptor predictor C (DANN JMLR 2016 Sec. 5.3.2): one fully-connected layer
from G's features to a 500-d descriptor,

    d = W h + b,       W: 500 x in_channels

split as the narrow-split contract asks: ``hidden`` (flatten; nothing to learn) and
``classifier`` (the Linear), ``forward(x) == classifier(hidden(x))``.

With ``num_identities`` the head also owns ``identity_classifier``, a Linear from the
descriptor to one logit per training identity, for the optional identity cross entropy
(``ReIDTask(id_loss_weight > 0)``). It is a part of C (so it is optimised with C) but
not of ``forward``: the descriptor is the head's output.
"""
from typing import Optional

import torch
from torch import nn

from segda.registry import MODELS
from segda.utils import check_positive_int


@MODELS.register_module()
class ReIDDescriptorHead(nn.Module):
    """Features ``N x in_channels`` (or any ``N x ...``, flattened) -> descriptors
    ``N x out_channels``.

    Args:
        in_channels: feature length (``ReIDTask`` fills it from G's ``out_channels``).
        out_channels: descriptor dimension D (500, Sec. 5.3.2).
        num_identities: number of training identities for ``identity_classifier``; None
            builds none.
    """

    def __init__(self, in_channels: int, out_channels: int = 500,
                 num_identities: Optional[int] = None):
        super().__init__()
        self.in_channels = check_positive_int('ReIDDescriptorHead', 'in_channels', in_channels)
        self.out_channels = check_positive_int('ReIDDescriptorHead', 'out_channels',
                                               out_channels)
        self.hidden = nn.Flatten(1)
        self.classifier = nn.Linear(self.in_channels, self.out_channels)
        self.identity_classifier = None
        if num_identities is not None:
            check_positive_int('ReIDDescriptorHead', 'num_identities', num_identities)
            self.identity_classifier = nn.Linear(self.out_channels, num_identities)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        """``classifier(hidden(feats))``: the descriptors."""
        flat = self.hidden(feats)
        if flat.shape[1] != self.in_channels:
            raise ValueError(f'ReIDDescriptorHead expects {self.in_channels} features per '
                             f'sample, got shape {tuple(feats.shape)}')
        return self.classifier(flat)
