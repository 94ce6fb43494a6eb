"""Proxy A-distance (DANN Eq. 3, Sec. 5.1.5): two samples of one distribution give PAD near
0, two linearly separable ones give 2; unequal sample sizes are balanced; bad shapes stop."""
import numpy as np
import pytest

from segda.evaluation.pad import proxy_a_distance


def test_identical_distributions_give_pad_near_zero():
    rng = np.random.default_rng(0)
    result = proxy_a_distance(rng.normal(size=(400, 8)), rng.normal(size=(400, 8)))
    assert abs(result.pad) < 0.3
    assert 0.4 < result.error <= 0.6
    assert result.pad == pytest.approx(2 * (1 - 2 * result.error))


def test_separable_distributions_give_pad_two():
    rng = np.random.default_rng(0)
    source = rng.normal(size=(300, 8))
    target = rng.normal(size=(300, 8)) + np.r_[6.0, np.zeros(7)]  # apart along one axis
    result = proxy_a_distance(source, target)
    assert result.error == 0.0 and result.pad == 2.0


def test_shifted_distributions_lie_in_between_and_sizes_are_balanced():
    rng = np.random.default_rng(0)
    source = rng.normal(size=(900, 4))
    target = rng.normal(size=(300, 4)) + np.r_[1.0, 0.0, 0.0, 0.0]  # overlapping
    result = proxy_a_distance(source, target, seed=1)
    assert result.num_per_domain == 300
    assert 0.3 < result.pad < 1.6  # 1-D Gaussians 1 sigma apart: best error ~0.31, PAD ~0.76


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match='one width'):
        proxy_a_distance(np.zeros((4, 3)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match='at least 2'):
        proxy_a_distance(np.zeros((1, 3)), np.zeros((4, 3)))
