"""mSDA's closed form (segda/models/msda.py): W = P Q^-1 minimises the expected
reconstruction loss over corruptions; checked against an explicit average over sampled
corruptions, and the stacked representation's layout."""
import numpy as np

from segda.models.msda import MSDA, mda_weights


def test_the_closed_form_matches_an_average_over_sampled_corruptions():
    rng = np.random.default_rng(0)
    x = rng.poisson(1.0, size=(12, 4)).astype(np.float64)
    p = 0.5
    xb = np.hstack([x, np.ones((12, 1))])
    # E[x x~^T] and E[x~ x~^T] averaged over many corruptions (the bias never corrupted)
    draws = 20000
    keep = rng.random((draws, 12, 5)) >= p
    keep[..., -1] = True
    corrupted = xb[None] * keep
    expected_p = np.einsum('ni,dnj->ij', x, corrupted) / draws
    expected_q = np.einsum('dni,dnj->ij', corrupted, corrupted) / draws
    sampled = expected_p @ np.linalg.inv(expected_q)
    closed = mda_weights(x, p, reg=0.0)
    assert closed.shape == (4, 5)
    np.testing.assert_allclose(closed, sampled, atol=0.05)

    # and it minimises the sampled loss: moving W in any direction does not lower it
    def loss(w):
        return np.mean(np.sum((x[None] - corrupted @ w.T) ** 2, axis=-1))
    for _ in range(5):
        step = 0.05 * rng.standard_normal(closed.shape)
        assert loss(sampled) <= loss(sampled + step)
    assert loss(closed) < loss(closed + 0.05) and loss(closed) < 1.01 * loss(sampled)


def test_no_corruption_reconstructs_the_input():
    x = np.random.default_rng(1).random((20, 3))
    w = mda_weights(x, 0.0, reg=0.0)
    np.testing.assert_allclose(np.hstack([x, np.ones((20, 1))]) @ w.T, x, atol=1e-8)


def test_the_representation_is_the_input_and_every_layer():
    x = np.random.default_rng(2).poisson(1.0, size=(30, 6)).astype(np.float64)
    msda = MSDA(num_layers=5, p=0.5).fit(x)
    rep = msda.transform(x[:4])
    assert rep.shape == (4, 36)
    np.testing.assert_array_equal(rep[:, :6], x[:4])
    assert np.all(np.abs(rep[:, 6:]) < 1.0)          # tanh outputs
    first = np.tanh(x[:4] @ msda.weights[0][:, :-1].T + msda.weights[0][:, -1])
    np.testing.assert_allclose(rep[:, 6:12], first)
