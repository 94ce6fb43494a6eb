"""Classifiers C of the digit and traffic-sign benchmarks: ``N x D`` features -> ``N x K``
logits.

Each hidden layer is ``[Dropout ->] Linear -> [BatchNorm1d ->] ReLU``; the last is a Linear
to the K logits, with or without a dropout on its input. ``arch`` (the same names as
:class:`segda.models.backbones.DigitConvNet`, whose output this head takes) fixes:

``'dann_mnist'``: DANN (Ganin et al., JMLR 2016, Fig. 4a), the label predictor:
    fully-conn 100 -> ReLU -> fully-conn 100 -> ReLU -> fully-conn 10. No dropout.
``'dann_svhn'``: DANN Fig. 4b: fully-conn 3072 -> ReLU -> fully-conn 2048 -> ReLU ->
    fully-conn 10. DANN uses dropout "following Srivastava et al." without saying where;
    here it drops the inputs of the second and third layers, as ADR's code for this
    network does (mil-tokyo/adr_da, ``model/svhn2mnist.py``).
``'dann_gtsrb'``: DANN Fig. 4c, the label predictor: fully-conn 512 -> ReLU -> fully-conn
    43. The text keeps the two fully-connected boxes, not their widths: 512 is the figure's
    value as two independent public re-implementations of DANN read it, not checked against
    the figure itself (the convolutions' sizes likewise: ``DigitConvNet``). No dropout: Sec.
    5.2.2 uses it for the SVHN network only.
``'adr_lenet'``: ADR (Saito et al., ICLR 2018, Sec. 4.2; ``model/usps.py``), ADDA's LeNet
    classifier with BatchNorm before the activation and dropout for the critic:
    dropout -> fc 500 -> BN -> ReLU -> dropout -> fc 10.
``'adr_svhn'``: ADR's SVHN -> MNIST classifier (``model/svhn2mnist.py``): fc 3072 -> BN ->
    ReLU -> dropout -> fc 2048 -> BN -> ReLU -> dropout -> fc 10.

The head is two parts, ``hidden`` (everything before the final Linear, its input dropout
included) and ``classifier`` (the final Linear): ``forward(x) == classifier(hidden(x))``,
so methods that need the narrow split (SymNets) can take the final layer alone.
"""
from typing import Optional

import torch
from torch import nn

from segda.registry import MODELS
from segda.utils import check_choice, check_positive_int, check_vector_input

# Hidden widths, BatchNorm after each hidden Linear, and for each Linear (hidden ones, then
# the final one) whether its input is dropped.
ARCHS = {
    'dann_mnist': dict(hidden=(100, 100), norm=False, drop=(False, False, False)),
    'dann_svhn': dict(hidden=(3072, 2048), norm=False, drop=(False, True, True)),
    'dann_gtsrb': dict(hidden=(512,), norm=False, drop=(False, False)),
    'adr_lenet': dict(hidden=(500,), norm=True, drop=(True, True)),
    'adr_svhn': dict(hidden=(3072, 2048), norm=True, drop=(False, True, True)),
}
DEFAULT_DROPOUT = 0.5


@MODELS.register_module()
class DigitHead(nn.Module):
    """The digit and sign networks' classifiers (module docstring).

    Args:
        in_channels: D, the feature length (``Classifier`` fills it from its backbone).
        num_classes: K (10 digits, 43 traffic signs).
        arch: ``'dann_mnist'``, ``'dann_svhn'``, ``'dann_gtsrb'``, ``'adr_lenet'`` or
            ``'adr_svhn'``.
        dropout: drop probability at the arch's dropout sites (default 0.5; 0 removes
            them). ``'dann_mnist'`` and ``'dann_gtsrb'`` have no site, so they take only 0
            or None.
    """

    def __init__(self, in_channels: int, num_classes: int = 10, arch: str = 'dann_mnist',
                 dropout: Optional[float] = None):
        super().__init__()
        check_choice('DigitHead: arch', arch, tuple(ARCHS))
        spec = ARCHS[arch]
        self.arch = arch
        self.in_channels = check_positive_int('DigitHead', 'in_channels', in_channels)
        self.num_classes = check_positive_int('DigitHead', 'num_classes', num_classes)
        if dropout is not None and not 0.0 <= dropout < 1.0:
            raise ValueError(f'DigitHead: dropout must be in [0, 1), got {dropout!r}')
        if dropout and not any(spec['drop']):
            raise ValueError(f"DigitHead('{arch}') has no dropout in its paper's network; "
                             "use arch='adr_lenet' or 'adr_svhn' for a dropout classifier.")
        self.dropout = DEFAULT_DROPOUT if dropout is None else dropout

        def drop(layer):
            return [nn.Dropout(self.dropout)] if spec['drop'][layer] and self.dropout > 0 else []

        layers, width = [], self.in_channels
        for layer, out in enumerate(spec['hidden']):
            layers += drop(layer) + [nn.Linear(width, out)]
            layers += [nn.BatchNorm1d(out)] if spec['norm'] else []
            layers.append(nn.ReLU(inplace=True))
            width = out
        layers += drop(len(spec['hidden']))
        self.hidden = nn.Sequential(*layers)
        self.classifier = nn.Linear(width, self.num_classes)

    @property
    def has_dropout(self) -> bool:
        """True when the head has a dropout layer (ADR's critic needs one)."""
        return any(isinstance(m, nn.Dropout) for m in self.hidden)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        """``N x in_channels`` features -> ``N x num_classes`` logits:
        ``classifier(hidden(feats))``."""
        check_vector_input('DigitHead', feats, self.in_channels)
        return self.classifier(self.hidden(feats))
