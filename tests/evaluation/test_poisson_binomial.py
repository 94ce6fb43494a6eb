"""The pairwise Poisson binomial test (segda/evaluation/poisson_binomial.py) against a
hand computation on one-example tasks."""
import pytest

from segda.evaluation.poisson_binomial import (
    poisson_binomial_pmf,
    poisson_binomial_test,
    prob_better,
)


def test_one_task_by_hand():
    # A right on its one example: r_A ~ Beta(2, 1), density 2r; B wrong: r_B ~ Beta(1, 2),
    # F_B(r) = 2r - r^2; P(r_A > r_B) = int 2r (2r - r^2) dr = 4/3 - 1/2 = 5/6.
    assert prob_better(1, 0, 1) == pytest.approx(5 / 6, abs=1e-6)
    assert prob_better(1, 1, 1) == pytest.approx(0.5, abs=1e-6)


def test_two_tasks_by_hand():
    # task 1: p = 5/6; task 2, a draw: p = 1/2. P(K = 2) = 5/12, P(K = 1) = 1/2, and the
    # tie K = T/2 counts half: 5/12 + 1/4 = 2/3.
    assert poisson_binomial_test([1.0, 1.0], [0.0, 1.0], [1, 1]) == pytest.approx(2 / 3, abs=1e-5)
    assert poisson_binomial_test([0.0, 1.0], [1.0, 1.0], [1, 1]) == pytest.approx(1 / 3, abs=1e-5)


def test_the_distribution_of_the_number_of_wins():
    pmf = poisson_binomial_pmf([5 / 6, 0.5])
    assert pmf == pytest.approx([1 / 12, 1 / 2, 5 / 12])


def test_large_test_sets_make_a_clear_difference_certain():
    assert poisson_binomial_test([0.80, 0.78, 0.75], [0.70, 0.69, 0.71], [3000] * 3) > 0.999


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match='one accuracy of each algorithm per task'):
        poisson_binomial_test([0.5], [0.5, 0.6], [10])
