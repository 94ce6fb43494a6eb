"""The objectives of ADR's semi-supervised GAN (Saito et al., ICLR 2018, Sec. 4.3).

The critic C is a K-class classifier with dropout; two dropout samples of it on the same
images, C1 and C2, give L_adv, the symmetric KL d of ADR Eq. 1 (``discrepancy.py``):

    L_adv(X_u) = E_{x_u ~ X_u} d(C1(x_u), C2(x_u))                              (Eq. 7)
    L_adv(X_g) = E_{x_g ~ X_G} d(C1(x_g), C2(x_g))                              (Eq. 8)

(Eq. 7-8 print d(C1(G(x_u)), C2(G(x_u))); here C reads images, so G(x_u) is x_u itself:
G is the image generator, which never sees real images.)

The critic minimises

    L_C = L(X_L, Y_L) + L_adv(X_u) - L_adv(X_g) + E_{x_u} sum_k p(y=k|x_u) log p(y|x_u)   (Eq. 6)

so it classifies the labelled images, moves unlabelled real images away from its boundary
(minimises their sensitivity) and makes generated images sensitive (maximises theirs:
"detect fake images generated near the boundary"). The generator minimises

    L_G = L_adv(X_g) + || E_{x_g} f(x_g) - E_{x_u} f(x_u) ||^2                  (Eq. 9)

its samples' sensitivity plus feature matching on an intermediate layer f of the critic
(Salimans et al. 2016, Sec. 3.1; their code takes the mean absolute difference of the
means, Eq. 9 prints the squared L2 norm, implemented here as printed).

The fourth term of Eq. 6 as printed, sum_k p(y=k|x_u) log p(y|x_u), is ambiguous:

- read per sample (p(y|x_u) = p(y=k|x_u)) it is -H(p(y|x_u)); minimising it MAXIMISES each
  unlabelled image's prediction entropy, pulling x_u towards the decision boundary, against
  the text ("unlabelled images should be far away from the decision boundary") and against
  the second term;
- the text's other half, "and should be distributed uniformly among the classes", is a
  statement about the marginal p(y) = E_{x_u} p(y|x_u): with the expectation taken inside
  the log, the term is sum_k p_bar_k log p_bar_k = -H(p_bar), whose minimisation spreads
  the predictions of the batch over the K classes (CatGAN's class balance, Springenberg
  2015, whom Sec. 4.3 follows).

We implement the second reading, :func:`class_balance_loss` = -H(p_bar), as ADR's
``marginal_entropy_weight`` does for Eq. 5's same ambiguity (``segda/methods/adr.py``).
``reduction`` scales d as in ``discrepancy.py``: ``'sum'`` is Eq. 1 as printed.
"""
import torch

from .discrepancy import symmetric_kl
from .entropy import marginal_entropy


def dropout_sensitivity(logits_1: torch.Tensor, logits_2: torch.Tensor,
                        reduction: str = 'sum') -> torch.Tensor:
    """L_adv (Eq. 7-8): E_x d(C1(x), C2(x)) of two dropout samples' logits of the same images."""
    return symmetric_kl(logits_1, logits_2, reduction=reduction)


def class_balance_loss(logits: torch.Tensor) -> torch.Tensor:
    """Eq. 6's fourth term as read here (module docstring): sum_k p_bar_k log p_bar_k =
    -H(p_bar), with p_bar = E_{x_u} softmax(C(x_u)); minimal (-log K) when the batch's
    predictions are spread evenly over the K classes."""
    return -marginal_entropy(logits)


def critic_loss(loss_labelled: torch.Tensor, sensitivity_unlabelled: torch.Tensor,
                sensitivity_generated: torch.Tensor, class_balance: torch.Tensor,
                class_balance_weight: float = 1.0) -> torch.Tensor:
    """L_C (Eq. 6) from its terms, each already computed:

        L_C = L(X_L, Y_L) + L_adv(X_u) - L_adv(X_g) + w * (-H(p_bar))

    ``w`` = ``class_balance_weight`` (1 in Eq. 6)."""
    return (loss_labelled + sensitivity_unlabelled - sensitivity_generated
            + class_balance_weight * class_balance)


def feature_matching_loss(feats_generated: torch.Tensor,
                          feats_real: torch.Tensor) -> torch.Tensor:
    """|| E_{x_g} f(x_g) - E_{x_u} f(x_u) ||^2 (Eq. 9's second term) of ``N x D`` features
    (the means over dim 0, the squared L2 norm over D)."""
    if feats_generated.dim() != 2 or feats_generated.shape[1:] != feats_real.shape[1:]:
        raise ValueError('feature_matching_loss needs N x D features of one width D, got '
                         f'{tuple(feats_generated.shape)} and {tuple(feats_real.shape)}')
    return (feats_generated.mean(dim=0) - feats_real.mean(dim=0)).pow(2).sum()


def generator_loss(sensitivity_generated: torch.Tensor, feats_generated: torch.Tensor,
                   feats_real: torch.Tensor, feature_matching_weight: float = 1.0
                   ) -> torch.Tensor:
    """L_G (Eq. 9): L_adv(X_g) + w || E f(x_g) - E f(x_u) ||^2, ``w`` =
    ``feature_matching_weight`` (1 in Eq. 9)."""
    return sensitivity_generated + feature_matching_weight * feature_matching_loss(
        feats_generated, feats_real)
