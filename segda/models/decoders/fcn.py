"""FCN decoder for a ResNet (ADR paper, appendix D): skip connections FCN-8s style, dropout sites.

On the deepest map ``x_L``:

    fc6 = Dropout(ReLU(BN(Conv3x3(x_L))))        fc7 = Dropout(ReLU(BN(Conv1x1(fc6))))
    s_L = Conv1x1(fc7)                           (K class scores)

every shallower map ``x_i`` gets its own 1x1 score conv ``s_i = Conv1x1(x_i)`` and, from deep
to shallow, the running score is upsampled (bilinear) to the next map's size and added:

    y_L = s_L,    y_i = up(y_{i+1}, size(x_i)) + s_i,    logits = up(y_0, input size)

With the ResNet's stem (stride 2) as the shallowest map the last step is a x2 upsampling;
it goes to the explicit input size so odd sizes come out exact.

The decoder is two parts, ``hidden`` then ``classifier`` (``decoder(x) ==
classifier(hidden(x))``), so a method can split the network where it needs to:

- ``hidden`` (:class:`FCNHidden`): fc6 and fc7 on ``x_L`` (and the skip maps' dropout), a
  :class:`FeatureMaps` of the maps the score convs read;
- ``classifier`` (:class:`FCNScores`): the score convs ``s_i`` and their fusion, the
  per-pixel linear classifier layer (SymNets' Cs, Sec. 3: the "narrow" C).

``forward_samples`` draws S dropout samples of these logits from one set of features (ADR's
two classifiers C1, C2, Sec. 3.2), computing what comes before the first dropout site once.
"""
from typing import List, Optional, Sequence, Union

import torch
import torch.nn.functional as F
from torch import nn

from segda.registry import MODELS
from segda.structures import FeatureMaps, input_size_of
from segda.utils import check_positive_int

DROPOUT_SITES = ('fc6', 'fc7', 'skip')


class FCNHidden(nn.Module):
    """fc6 and fc7 on the deepest map and the dropout of the shallower maps: the hidden
    layers of the FCN decoder. Returns the maps the score convs read, shallow to deep
    (the skip maps, then fc7's output), as :class:`FeatureMaps` with the input size."""

    def __init__(self, in_channels: Sequence[int], channels: int, dropout: float,
                 dropout_sites: Sequence[str]):
        super().__init__()

        def dropout_at(site):
            return nn.Dropout(dropout) if site in dropout_sites else nn.Identity()

        self.dropout_sites = tuple(dropout_sites)
        self.fc6 = nn.Sequential(
            nn.Conv2d(in_channels[-1], channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(channels), nn.ReLU(inplace=True), dropout_at('fc6'))
        self.fc7 = nn.Sequential(
            nn.Conv2d(channels, channels, 1, bias=False),
            nn.BatchNorm2d(channels), nn.ReLU(inplace=True), dropout_at('fc7'))
        self.skip_dropouts = nn.ModuleList(dropout_at('skip') for _ in in_channels[:-1])
        # Where the deep path (fc6, fc7) turns stochastic: its first Dropout layer.
        self.deep_split = next((i for i, layer in enumerate(self.deep_layers)
                                if isinstance(layer, nn.Dropout)), len(self.deep_layers))

    @property
    def deep_layers(self) -> list:
        """The deepest map's hidden path as one list of layers: fc6's, then fc7's."""
        return [*self.fc6, *self.fc7]

    def forward(self, feats) -> FeatureMaps:
        skips = [drop(x) for x, drop in zip(feats[:-1], self.skip_dropouts)]
        return FeatureMaps([*skips, self.fc7(self.fc6(feats[-1]))], feats.input_size)


class FCNScores(nn.Module):
    """The FCN's classifier layer: a 1x1 score conv per map and the deep-to-shallow fusion

        y_L = s_L,   y_i = up(y_{i+1}, size(x_i)) + s_i,   logits = up(y_0, input size)

    Linear in its inputs, so it is the per-pixel counterpart of a final linear layer.
    """

    def __init__(self, in_channels: Sequence[int], num_classes: int, align_corners: bool):
        super().__init__()
        self.num_classes = num_classes
        self.align_corners = align_corners
        self.score = nn.Conv2d(in_channels[-1], num_classes, 1)
        self.skip_scores = nn.ModuleList(nn.Conv2d(c, num_classes, 1) for c in in_channels[:-1])
        self.init_weights()

    def init_weights(self):
        """Score convs N(0, 0.01^2), zero biases."""
        for score in [self.score, *self.skip_scores]:
            nn.init.normal_(score.weight, std=0.01)
            nn.init.zeros_(score.bias)

    def upsample(self, x, size):
        """Bilinear resize of ``x`` to ``size`` (H, W)."""
        return F.interpolate(x, size=tuple(size), mode='bilinear',
                             align_corners=self.align_corners)

    def fuse(self, skip_scores: Sequence[torch.Tensor], deep_scores: torch.Tensor,
             out_size: Sequence[int]) -> torch.Tensor:
        """``y_L = deep_scores``, ``y_i = up(y_{i+1}) + s_i`` (deep to shallow), upsampled to
        ``out_size``."""
        scores = deep_scores
        for skip in reversed(skip_scores):
            scores = self.upsample(scores, skip.shape[-2:]) + skip
        return self.upsample(scores, out_size)

    def forward(self, feats, out_size: Optional[Sequence[int]] = None) -> torch.Tensor:
        """Logits ``N x K x H x W`` of :class:`FCNHidden`'s maps at ``out_size`` (default:
        ``feats.input_size``)."""
        out_size = out_size or feats.input_size
        return self.fuse([score(x) for x, score in zip(feats[:-1], self.skip_scores)],
                         self.score(feats[-1]), out_size)


@MODELS.register_module()
class FCNDecoder(nn.Module):
    """Fuse multi-scale features into per-pixel class logits at the input resolution.

    Args:
        in_channels: channels of each input map, shallow to deep (a backbone's
            ``out_channels``).
        num_classes: K.
        channels: width of fc6/fc7.
        dropout: element-wise dropout probability at the chosen sites.
        dropout_sites: any of ``'fc6'``, ``'fc7'`` (after those blocks) and ``'skip'`` (on
            each shallower map before its score conv). ``dropout=0`` or no site: no dropout.
        align_corners: passed to every bilinear upsampling.
    """

    def __init__(self, in_channels: Union[int, Sequence[int]], num_classes: int,
                 channels: int = 512, dropout: float = 0.5,
                 dropout_sites: Sequence[str] = ('fc6', 'fc7'), align_corners: bool = False):
        super().__init__()
        in_channels = [in_channels] if isinstance(in_channels, int) else list(in_channels)
        unknown = sorted(set(dropout_sites) - set(DROPOUT_SITES))
        if unknown:
            raise ValueError(f'FCNDecoder: unknown dropout_sites {unknown}; choose from '
                             f'{list(DROPOUT_SITES)}.')
        if not 0 <= dropout < 1:
            raise ValueError(f'FCNDecoder: dropout must be in [0, 1), got {dropout}.')
        self.in_channels = in_channels
        self.num_classes = check_positive_int('FCNDecoder', 'num_classes', num_classes)
        self.dropout_sites = tuple(site for site in DROPOUT_SITES
                                   if dropout > 0 and site in dropout_sites)
        self.hidden = FCNHidden(in_channels, channels, dropout, self.dropout_sites)
        self.classifier = FCNScores([*in_channels[:-1], channels], num_classes, align_corners)
        self.init_weights()

    @property
    def has_dropout(self) -> bool:
        """True when some site applies dropout (what ADR's critic needs)."""
        return bool(self.dropout_sites)

    def init_weights(self):
        """Kaiming-normal hidden convs, unit BatchNorm, score convs N(0, 0.01^2), zero biases."""
        for module in self.hidden.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode='fan_out', nonlinearity='relu')
            elif isinstance(module, nn.BatchNorm2d):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)
        self.classifier.init_weights()

    def forward(self, feats, out_size: Optional[Sequence[int]] = None) -> torch.Tensor:
        """Logits ``N x K x H x W`` at ``out_size``, the network input's (H, W).

        ``out_size`` defaults to ``feats.input_size`` (``FeatureMaps`` from a task's
        ``extract``); a plain list of maps needs it given. One sample of
        :meth:`forward_samples`.
        """
        return self.forward_samples(feats, 1, out_size)[0]

    def forward_samples(self, feats, num_samples: int,
                        out_size: Optional[Sequence[int]] = None) -> List[torch.Tensor]:
        """``num_samples`` (S) dropout samples of the logits of the same features, a list of S
        tensors ``N x K x H x W`` (ADR's C1(G(x)), C2(G(x)) for S = 2).

        What precedes the first dropout site is the same in every sample and runs once:
        with the default sites fc6's conv+BN+ReLU on ``x_L`` and every skip score ``s_i``
        (they have dropout only when ``'skip'`` is a site). The rest, the skip fusion and
        the final upsampling included, runs once on the S copies stacked along the batch
        dimension; dropout draws its mask element-wise, so each copy gets its own.

        BatchNorm, in training mode: a BN after the first dropout (fc7's by default) sees
        the S copies as one batch of S*N, so all samples are normalised with the same
        statistics and p1, p2 differ by their dropout masks alone (S separate passes would
        each use their own batch's); its running statistics get one update from that batch.
        A BN before it (fc6's) sees the features once: one running-statistics update per
        call, not S.
        """
        check_positive_int(type(self).__name__, 'num_samples', num_samples)
        out_size = input_size_of(feats, out_size, 'FCNDecoder')
        if len(feats) != len(self.in_channels):
            raise ValueError(f'FCNDecoder was built for {len(self.in_channels)} maps '
                             f'(in_channels={self.in_channels}), got {len(feats)}.')
        hidden, classifier = self.hidden, self.classifier
        layers = [*hidden.deep_layers, classifier.score]
        # Without dropout on the deep path its score conv runs before the copies too.
        split = hidden.deep_split if hidden.deep_split < len(hidden.deep_layers) else len(layers)
        shared = run_layers(layers[:split], feats[-1])
        deep = run_layers(layers[split:], stack_copies(shared, num_samples))
        skips = []
        for x, drop, skip_score in zip(feats[:-1], hidden.skip_dropouts, classifier.skip_scores):
            if 'skip' in self.dropout_sites:
                skips.append(skip_score(drop(stack_copies(x, num_samples))))
            else:
                skips.append(stack_copies(skip_score(x), num_samples))
        return list(classifier.fuse(skips, deep, out_size).chunk(num_samples))


def run_layers(layers: Sequence[nn.Module], x: torch.Tensor) -> torch.Tensor:
    """``x`` through ``layers`` in order."""
    for layer in layers:
        x = layer(x)
    return x


def stack_copies(x: torch.Tensor, copies: int) -> torch.Tensor:
    """``copies`` copies of ``x`` stacked along the batch dimension (``x`` itself for one)."""
    return x if copies == 1 else x.repeat(copies, *[1] * (x.dim() - 1))
