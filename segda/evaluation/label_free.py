"""Label-free scores of a model's predictions on unlabelled target data.

Each takes ``probs``, an ``N x K`` matrix of class posteriors p_i = softmax(z_i) (one row
per sampled pixel or image), and returns a float; entropies are in nats.

- mean entropy (lower is better: confident predictions),

      ENT = (1 / N) sum_i H(p_i),        H(p) = -sum_k p_k log p_k;

- information maximisation (greater is better: confident AND diverse predictions),

      IM = H(p_bar) - (1 / N) sum_i H(p_i),        p_bar = (1 / N) sum_i p_i;

- soft neighbourhood density (Saito et al., "Tune it the Right Way: Unsupervised
  Validation of Domain Adaptation via Soft Neighborhood Density", ICCV 2021; greater is
  better: points that sit in dense neighbourhoods). With f_i = p_i / ||p_i||_2 and a
  temperature tau (the paper's 0.05),

      S_ij = f_i . f_j / tau   for j != i,
      P_ij = exp(S_ij) / sum_{l != i} exp(S_il),
      SND = (1 / N) sum_i H(P_i);

- the largest predicted class share (a collapse check: 1 / K when the predictions are
  spread evenly, 1 when one class takes everything; not a score to maximise),

      MAX_SHARE = max_k (1 / N) #{i : argmax_c p_ic = k};

- batch nuclear norm (Cui et al., "Towards Discriminability and Diversity: Batch
  Nuclear-norm Maximization under Label Insufficient Situations", CVPR 2020; greater is
  better: confident AND diverse predictions). With A the N x K matrix of the p_i and
  sigma_r its singular values, the paper's loss L_bnm = -||A||_* / N negated,

      BNM = ||A||_* / N = (1 / N) sum_r sigma_r(A),

  from 1 / sqrt(N K) (every row uniform) to sqrt(min(N, K) / N) (one-hot rows spread
  evenly over the classes); a collapse onto one class gives 1 / sqrt(N).

MixVal (Hu et al., "Mixed Samples as Probes for Unsupervised Model Selection in Domain
Adaptation", NeurIPS 2023; greater is better) needs the model itself, not only ``probs``.
Each sample x_i is mixed with a partner x_j(i) at a fixed ratio lambda > 1/2 (the
paper's 0.55), x~_i = lambda x_i + (1 - lambda) x_j(i), and the model's prediction on the
mix is checked against the pseudo-label y_i = argmax_k p_ik of the dominant sample. The
probes split by the partners' pseudo-labels into intra-class (y_j(i) = y_i) and
inter-class ones (y_j(i) != y_i); each set gives an ICE score (the share of its probes
predicted y_i),

      ICE_intra = mean_{i : y_j(i) = y_i} [argmax_k f_k(x~_i) = y_i],
      ICE_inter = mean_{i : y_j(i) != y_i} [argmax_k f_k(x~_i) = y_i],
      MIXVAL = (ICE_intra + ICE_inter) / 2.

The authors' code scores the two kinds of probes separately (the partner of sample i is
sample N - 1 - i of its batch); SegDA logs both and their mean (as scikit-adaptation's
MixValScorer does), so that one checkpoint is scored at a time. A set without a probe has
no score (NaN), and neither has MIXVAL: a model that predicts one class has no
inter-class probe. For segmentation the probes are pixels: two images are mixed and every
sampled pixel is a probe, intra- or inter-class by the two images' pseudo-labels at that
pixel.
"""
from typing import Callable

import torch
import torch.nn.functional as F

SND_TEMPERATURE = 0.05
MIXVAL_RATIO = 0.55


def entropies(probs: torch.Tensor) -> torch.Tensor:
    """``H(p_i) = -sum_k p_ik log p_ik`` per row (0 log 0 = 0)."""
    return -torch.special.xlogy(probs, probs).sum(dim=1)


def mean_entropy(probs: torch.Tensor) -> float:
    """ENT, the mean entropy of the rows of ``probs`` (module docstring)."""
    return entropies(probs).mean().item()


def information_maximisation(probs: torch.Tensor) -> float:
    """IM = H(mean prediction) - mean entropy (module docstring)."""
    mean_prediction = probs.mean(dim=0, keepdim=True)
    return (entropies(mean_prediction)[0] - entropies(probs).mean()).item()


def soft_neighbourhood_density(points: torch.Tensor,
                               temperature: float = SND_TEMPERATURE) -> float:
    """SND of the rows of ``points`` (N >= 2; softmax outputs in the paper): the mean
    entropy of each point's softmax over its temperature-scaled cosine similarities to the
    other points (module docstring)."""
    if points.dim() != 2 or len(points) < 2:
        raise ValueError(f'soft_neighbourhood_density needs an N x D matrix with N >= 2, got '
                         f'shape {tuple(points.shape)}')
    features = F.normalize(points.float(), dim=1)
    similarity = features @ features.t() / temperature
    similarity.fill_diagonal_(float('-inf'))  # a point is not its own neighbour
    return entropies(similarity.softmax(dim=1)).mean().item()


def largest_class_share(probs: torch.Tensor) -> float:
    """MAX_SHARE, the share of the rows whose most probable class is the most frequent one."""
    counts = torch.bincount(probs.argmax(dim=1), minlength=probs.shape[1])
    return (counts.max() / len(probs)).item()


def batch_nuclear_norm(probs: torch.Tensor) -> float:
    """BNM = ||A||_* / N, the nuclear norm (sum of singular values) of the ``N x K`` matrix
    ``probs`` over its number of rows (module docstring)."""
    return (torch.linalg.matrix_norm(probs, ord='nuc') / len(probs)).item()


def label_free_scores(probs: torch.Tensor, temperature: float = SND_TEMPERATURE) -> dict:
    """The scores of ``probs``, keyed as SegDA logs them."""
    probs = probs.float()
    return dict(target_entropy=mean_entropy(probs),
                target_im=information_maximisation(probs),
                target_snd=soft_neighbourhood_density(probs, temperature),
                target_max_share=largest_class_share(probs),
                target_bnm=batch_nuclear_norm(probs))


def check_mix_ratio(owner: str, name: str, ratio: float) -> float:
    """Return ``ratio`` if 1/2 < ratio < 1 (the first sample of a mix dominates), else raise a
    ValueError naming ``owner`` and ``name``."""
    if not 0.5 < ratio < 1:
        raise ValueError(f'{owner}: {name} must lie strictly between 0.5 and 1 (the image '
                         f'whose pseudo-label a mix is scored against must weigh more), got '
                         f'{ratio!r}')
    return ratio


def mixup(inputs: torch.Tensor, partner_inputs: torch.Tensor,
          ratio: float = MIXVAL_RATIO) -> torch.Tensor:
    """The mixes ``lambda x_i + (1 - lambda) x_j(i)``, ``inputs`` dominant."""
    return ratio * inputs + (1 - ratio) * partner_inputs


def interpolation_consistency(mixed_labels: torch.Tensor, labels: torch.Tensor,
                              partner_labels: torch.Tensor) -> dict:
    """MixVal from its probes (module docstring), keyed as SegDA logs it: the predicted
    labels of the mixes, the pseudo-labels of their dominant samples and of their partners,
    one entry per probe (any equal shapes)."""
    right = (mixed_labels == labels).double()
    intra = labels == partner_labels
    ice_intra, ice_inter = right[intra].mean().item(), right[~intra].mean().item()  # NaN: none
    return dict(target_mixval=(ice_intra + ice_inter) / 2, target_mixval_intra=ice_intra,
                target_mixval_inter=ice_inter)


def mixval(predict_logits: Callable, inputs: torch.Tensor, partners: torch.Tensor,
           ratio: float = MIXVAL_RATIO) -> dict:
    """MixVal of a model (``predict_logits``: inputs -> ``N x K`` logits, or ``N x K x H x W``
    for per-pixel probes) on ``inputs`` (N samples), sample i mixed with sample
    ``partners[i]`` at ``ratio`` (module docstring)."""
    check_mix_ratio('mixval', 'ratio', ratio)
    labels = predict_logits(inputs).argmax(dim=1)
    mixed_labels = predict_logits(mixup(inputs, inputs[partners], ratio)).argmax(dim=1)
    return interpolation_consistency(mixed_labels, labels, labels[partners])
