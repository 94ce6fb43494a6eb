"""Losses of Domain-Symmetric Networks (Zhang et al., CVPR 2019, Sec. 3).

The head outputs 2K logits ``[v_s; v_t]`` on dim 1: v_s from the source task classifier
Cs, v_t from the target task classifier Ct. ps = softmax(v_s), pt = softmax(v_t), and
Cst's posterior is the softmax over all 2K, p^st = softmax([v_s; v_t]). Its two halves
give the domain probabilities P_s(x) = sum_{k<=K} p^st_k(x), P_t(x) = sum_{k<=K} p^st_{k+K}(x).
Means run over the n_s source / n_t target samples (pixels for segmentation); labelled
means skip ``ignore_index`` labels.

Classifiers Cs, Ct, Cst minimise (Eq. 5 + 6 + 7):

    Eq. 5   E^s_task  = -(1/n_s) sum_i log ps_{y_i}(x^s_i)
    Eq. 6   E^t_task  = -(1/n_s) sum_i log pt_{y_i}(x^s_i)
    Eq. 7   E^st_dom  = -(1/n_t) sum_j log P_t(x^t_j) - (1/n_s) sum_i log P_s(x^s_i)

The feature extractor G minimises Eq. 8 + lambda (Eq. 9 + Eq. 10):

    Eq. 8   F^st_cat  = -(1/2n_s) sum_i [log p^st_{y_i + K}(x^s_i) + log p^st_{y_i}(x^s_i)]
    Eq. 9   F^st_dom  = -(1/2n_t) sum_j [log P_t(x^t_j) + log P_s(x^t_j)]
    Eq. 10  M^st      = -(1/n_t) sum_j sum_k q_k(x^t_j) log q_k(x^t_j),  q_k = p^st_k + p^st_{k+K}

Eq. 10 updates G only (not Cst), as the paper prescribes; the method routes gradients.

The ablations of Table 4 (Sec. 4.3) replace Eq. 8 on the source samples by

    Eq. 12  (w/o category confusion, a domain-level confusion on source)
            -(1/2n_s) sum_i [log P_s(x^s_i) + log P_t(x^s_i)]
    Eq. 13  (w/o confusion, with Eq. 9 dropped too: a plain classification loss for G)
            -(1/2n_s) sum_i [log ps_{y_i}(x^s_i) + log pt_{y_i}(x^s_i)]

Everything is computed from log-probabilities (log_softmax, logsumexp, logaddexp), so
extreme logits give finite losses and gradients.
"""
import torch
from torch import nn

from segda.registry import MODELS

from .cross_entropy import cross_entropy, log_posteriors, nll_loss
from .entropy import entropy_from_log_probs


def _check_logits(logits: torch.Tensor, name: str) -> torch.Tensor:
    if logits.dim() < 2 or logits.shape[1] % 2:
        raise ValueError(f'{name} must be N x 2K [x H x W], the Cs and Ct logits [v_s; v_t] '
                         f'concatenated on dim 1 (a SymNets head), got shape '
                         f'{tuple(logits.shape)}')
    return logits


def split_logits(logits: torch.Tensor, name: str = 'logits'):
    """(v_s, v_t): the two K-way halves of ``N x 2K [x H x W]`` SymNets logits."""
    return _check_logits(logits, name).chunk(2, dim=1)


def half_log_posteriors(logits: torch.Tensor, name: str = 'logits'):
    """(log p^st_{1..K}, log p^st_{K+1..2K}): the halves of the 2K-way log_softmax."""
    return log_posteriors(_check_logits(logits, name), name).chunk(2, dim=1)


def domain_log_probs(logits: torch.Tensor, name: str = 'logits'):
    """(log P_s, log P_t), each ``N [x H x W]``: log of the summed first / second halves of
    p^st = softmax([v_s; v_t]): logsumexp(v_s) - logsumexp([v_s; v_t]) and
    logsumexp(v_t) - logsumexp([v_s; v_t])."""
    v_s, v_t = split_logits(logits, name)
    lse_s, lse_t = v_s.logsumexp(dim=1), v_t.logsumexp(dim=1)
    lse = torch.logaddexp(lse_s, lse_t)
    return lse_s - lse, lse_t - lse


def source_task_loss(logits_s, labels_s, ignore_index: int = 255):
    """Eq. 5: cross entropy of Cs (softmax over v_s alone) on the source labels."""
    return cross_entropy(split_logits(logits_s, 'logits_s')[0], labels_s, ignore_index)


def target_task_loss(logits_s, labels_s, ignore_index: int = 255):
    """Eq. 6: cross entropy of Ct (softmax over v_t alone) on the source labels."""
    return cross_entropy(split_logits(logits_s, 'logits_s')[1], labels_s, ignore_index)


def domain_discrimination_loss(logits_s, logits_t):
    """Eq. 7: -mean log P_t over target samples - mean log P_s over source samples.

    Every source position counts (it needs no label), labelled or not.
    """
    return (-domain_log_probs(logits_t, 'logits_t')[1].mean()
            - domain_log_probs(logits_s, 'logits_s')[0].mean())


def category_confusion_loss(logits_s, labels_s, ignore_index: int = 255):
    """Eq. 8: 1/2 (-mean log p^st_{y+K} - mean log p^st_y) over the labelled source positions,
    p^st the 2K-way softmax (not renormalised within a half)."""
    log_p_s, log_p_t = half_log_posteriors(logits_s, 'logits_s')
    return 0.5 * (nll_loss(log_p_t, labels_s, ignore_index, 'labels_s')
                  + nll_loss(log_p_s, labels_s, ignore_index, 'labels_s'))


def _domain_confusion(logits, name):
    """-1/2 (mean log P_t + mean log P_s) over every position of ``logits``: the cross
    entropy of the domain probabilities against the uniform (1/2, 1/2)."""
    log_domain_s, log_domain_t = domain_log_probs(logits, name)
    return -0.5 * (log_domain_t.mean() + log_domain_s.mean())


def domain_confusion_loss(logits_t):
    """Eq. 9: -1/2 (mean log P_t + mean log P_s) over the target samples."""
    return _domain_confusion(logits_t, 'logits_t')


def source_domain_confusion_loss(logits_s):
    """Eq. 12 (Table 4, "w/o category confusion"): Eq. 9's domain-level confusion on the
    source samples, -1/2 (mean log P_s + mean log P_t) over every source position (no label
    needed), in place of Eq. 8."""
    return _domain_confusion(logits_s, 'logits_s')


def source_classification_loss(logits_s, labels_s, ignore_index: int = 255):
    """Eq. 13 (Table 4, "w/o confusion"): 1/2 (Eq. 5 + Eq. 6), the cross entropies of Cs and
    Ct (each its own K-way softmax) on the source labels, in place of Eq. 8."""
    return 0.5 * (source_task_loss(logits_s, labels_s, ignore_index)
                  + target_task_loss(logits_s, labels_s, ignore_index))


def target_entropy_loss(logits_t):
    """Eq. 10: mean over target samples of H(q), q_k = p^st_k + p^st_{k+K},
    log q_k = logaddexp(log p^st_k, log p^st_{k+K})."""
    log_p_s, log_p_t = half_log_posteriors(logits_t, 'logits_t')
    return entropy_from_log_probs(torch.logaddexp(log_p_s, log_p_t))


@MODELS.register_module()
class SymNetsLoss(nn.Module):
    """All six SymNets terms of one source and one target batch, as a dict:

    ``source_task`` (Eq. 5), ``target_task`` (Eq. 6), ``domain_discrimination`` (Eq. 7),
    ``category_confusion`` (Eq. 8), ``domain_confusion`` (Eq. 9), ``target_entropy``
    (Eq. 10). Weighting them (Eq. 11) and routing their gradients is the method's job.
    """

    def __init__(self, ignore_index: int = 255):
        super().__init__()
        self.ignore_index = ignore_index

    def forward(self, logits_s, labels_s, logits_t):
        return dict(
            source_task=source_task_loss(logits_s, labels_s, self.ignore_index),
            target_task=target_task_loss(logits_s, labels_s, self.ignore_index),
            domain_discrimination=domain_discrimination_loss(logits_s, logits_t),
            category_confusion=category_confusion_loss(logits_s, labels_s, self.ignore_index),
            domain_confusion=domain_confusion_loss(logits_t),
            target_entropy=target_entropy_loss(logits_t))
