"""The pairwise Poisson binomial test of DANN's Table 1b (Ganin et al., JMLR 2016, after
Lacoste, Laviolette and Marchand, AISTATS 2012): the probability that algorithm A is better
than algorithm B over a set of tasks, from each task's test accuracies and test size.

Per task t (n_t test examples, A right on k_A of them, B on k_B): with a uniform prior on
each algorithm's accuracy, its posterior is ``r ~ Beta(k + 1, n_t - k + 1)``; the two are
taken independent (Lacoste et al. also model the correlation of two classifiers scored on
the same test set, which needs the per-example outcomes; Table 1a gives accuracies only),
and

    p_t = P(r_A > r_B) = int_0^1 f_A(r) F_B(r) dr

(f the density, F the distribution function), integrated numerically on a grid.

Over the T tasks, A is better than B on K of them, K a sum of independent Bernoulli(p_t):
K follows the Poisson binomial distribution. The test reports

    P(A better than B) = P(K > T/2) + 1/2 P(K = T/2),

i.e. the probability that A wins on more tasks than B, a tie (possible for an even T)
counted half. So ``P(A, B) + P(B, A) = 1``, and identical results give 1/2. The tie rule is
ours: the papers' text we could read does not state it.
"""
from typing import Sequence

import numpy as np


def prob_better(correct_a: int, correct_b: int, num: int, grid: int = 20001) -> float:
    """``p_t = P(r_A > r_B)`` (module docstring) for one task of ``num`` test examples."""
    from scipy.stats import beta
    if not (0 <= correct_a <= num and 0 <= correct_b <= num and num > 0):
        raise ValueError(f'prob_better: need 0 <= correct <= num and num > 0, got {correct_a}, '
                         f'{correct_b} of {num}.')
    r = np.linspace(0.0, 1.0, grid)
    density_a = beta.pdf(r, correct_a + 1, num - correct_a + 1)
    cdf_b = beta.cdf(r, correct_b + 1, num - correct_b + 1)
    return float(np.clip(np.trapezoid(density_a * cdf_b, r), 0.0, 1.0))


def poisson_binomial_pmf(probs: Sequence[float]) -> np.ndarray:
    """``P(K = k)`` for k = 0..T, K the number of successes of independent Bernoulli(p_t)."""
    pmf = np.array([1.0])
    for p in probs:
        pmf = np.concatenate([pmf * (1.0 - p), [0.0]]) + np.concatenate([[0.0], pmf * p])
    return pmf


def poisson_binomial_test(acc_a: Sequence[float], acc_b: Sequence[float],
                          sizes: Sequence[int]) -> float:
    """P(A better than B) over the tasks (module docstring); accuracies in [0, 1], one per
    task, ``sizes`` the test sizes (correct counts are rounded from accuracy x size)."""
    if not len(acc_a) == len(acc_b) == len(sizes) or not len(sizes):
        raise ValueError(f'poisson_binomial_test: one accuracy of each algorithm per task, got '
                         f'{len(acc_a)}, {len(acc_b)} accuracies and {len(sizes)} sizes.')
    probs = [prob_better(int(round(a * n)), int(round(b * n)), int(n))
             for a, b, n in zip(acc_a, acc_b, sizes)]
    pmf = poisson_binomial_pmf(probs)
    tasks = len(probs)
    wins = np.arange(tasks + 1)
    return float(pmf[2 * wins > tasks].sum() + 0.5 * pmf[2 * wins == tasks].sum())
