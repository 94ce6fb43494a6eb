"""Reverse validation (DANN Sec. 5.1.2) of segda/experiments/sentiment_learners.py on
hand-made cases whose best setting is known."""
import numpy as np

from segda.experiments.sentiment_learners import (
    fit_network,
    grid_settings,
    reverse_validation,
    split_90_10,
)

TRAINING = dict(max_epochs=30, patience=5)


def separable(rng, num, shift=0.0, scale=1.0):
    """70 % label 1; label = sign of feature 0; feature 1 is noise (shifted in the
    target); both features times ``scale``."""
    y = (rng.random(num) < 0.7).astype(int)
    x = np.stack([np.where(y == 1, 1.0, -1.0) + 0.1 * rng.standard_normal(num),
                  shift + rng.standard_normal(num)], axis=1)
    return scale * x, y


def test_the_svm_setting_that_learns_is_chosen():
    rng = np.random.default_rng(0)
    source_x, source_y = separable(rng, 200, scale=0.1)
    target_x, _ = separable(rng, 200, shift=0.5, scale=0.1)
    # C = 1e-9: every example is a margin violator, w = C sum_i y_i x_i is dwarfed by the
    # intercept C (n_1 - n_0) on these small features, so eta says "1" everywhere, the
    # reverse classifier learns that constant and errs on the label-0 30 % of S_V;
    # C = 1 separates the labels exactly, and so does its reverse classifier.
    chosen = reverse_validation('SVM', grid_settings(dict(C=[1e-9, 1.0])), source_x, source_y,
                                target_x, TRAINING, seed=0)
    risks = dict((hyper['C'], risk) for hyper, risk in chosen.risks)
    assert chosen.hyper == dict(C=1.0) and chosen.risk == 0.0
    assert risks[1e-9] > 0.15


def test_a_network_that_cannot_learn_loses_to_one_that_can():
    rng = np.random.default_rng(1)
    source_x, source_y = separable(rng, 200)
    target_x, _ = separable(rng, 200, shift=0.5)
    settings = grid_settings(dict(hidden=[5], lr=[1e-7, 0.1], **{'lambda': [0.1]}))
    chosen = reverse_validation('DANN', settings, source_x, source_y, target_x, TRAINING, seed=0)
    assert chosen.hyper['lr'] == 0.1 and chosen.risk < 0.05


def test_early_stopping_keeps_the_best_pass():
    rng = np.random.default_rng(2)
    x, y = separable(rng, 100)
    net = fit_network(False, dict(hidden=4, lr=0.05), x, y, x, x, y, max_epochs=20, patience=3,
                      seed=0)
    assert np.mean(net.predict(x) == y) > 0.95


def test_the_split_is_90_10_and_shuffled():
    train, val = split_90_10(100, np.random.default_rng(0))
    assert len(train) == 90 and len(val) == 10
    assert sorted(np.concatenate([train, val])) == list(range(100))
    assert list(train) != sorted(train)
