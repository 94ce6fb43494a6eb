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

      MAX_SHARE = max_k (1 / N) #{i : argmax_c p_ic = k}.
"""
import torch
import torch.nn.functional as F

SND_TEMPERATURE = 0.05


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


def label_free_scores(probs: torch.Tensor, temperature: float = SND_TEMPERATURE) -> dict:
    """The scores of ``probs``, keyed as SegDA logs them."""
    probs = probs.float()
    return dict(target_entropy=mean_entropy(probs),
                target_im=information_maximisation(probs),
                target_snd=soft_neighbourhood_density(probs, temperature),
                target_max_share=largest_class_share(probs))
