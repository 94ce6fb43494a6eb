"""The domain-confusion losses (Tzeng et al., ICCV 2015) as SymNets (Zhang et al., CVPR 2019,
Sec. 3) writes them for its baseline, Eq. 2-3.

A domain discriminator D outputs one logit a per sample (per pixel for segmentation), and
D(G(x)) = sigm(a) is its probability that x comes from the target domain. Means run over
the n_s source / n_t target samples (pixels):

    Eq. 2  E_domain = -(1/n_s) sum_i log(1 - D(G(x^s_i))) - (1/n_t) sum_j log D(G(x^t_j))
    Eq. 3  F_domain = 1/2 E_domain - (1/2n_s) sum_i log D(G(x^s_i))
                                   - (1/2n_t) sum_j log(1 - D(G(x^t_j)))
                    = -(1/2n_s) sum_i [log D + log(1 - D)](x^s_i)
                      - (1/2n_t) sum_j [log D + log(1 - D)](x^t_j)

D minimises Eq. 2 (it tells the domains apart); G minimises Eq. 3, the cross entropy of
D's predictions against the uniform distribution over the two domain labels (minimal,
2 log 2, where D outputs 1/2 everywhere). log D = logsigmoid(a) and log(1 - D) =
logsigmoid(-a), so extreme logits give finite losses and gradients.
"""
import torch
import torch.nn.functional as F


def _log_domain_probs(logits: torch.Tensor):
    """(log(1 - D), log D): the log-probabilities of source and of target."""
    return F.logsigmoid(-logits), F.logsigmoid(logits)


def discriminator_loss(logits_s: torch.Tensor, logits_t: torch.Tensor) -> torch.Tensor:
    """Eq. 2, E_domain: -mean log(1 - D) over the source - mean log D over the target."""
    return -_log_domain_probs(logits_s)[0].mean() - _log_domain_probs(logits_t)[1].mean()


def discriminator_confusion_loss(logits_s: torch.Tensor, logits_t: torch.Tensor) -> torch.Tensor:
    """Eq. 3, F_domain: -1/2 mean [log D + log(1 - D)] over the source, the same over the
    target (module docstring)."""
    return -0.5 * (sum(_log_domain_probs(logits_s)).mean()
                   + sum(_log_domain_probs(logits_t)).mean())
