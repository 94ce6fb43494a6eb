"""The sentiment configs hold the grids of DANN Sec. 5.1.3-5.1.4."""
import numpy as np
import pytest

from segda.apis.config import read_config

from helpers.cli import REPO


@pytest.mark.parametrize('name', ['dann_amazon_reviews.py', 'dann_reviews_demo.py'])
def test_the_grids_are_the_papers(name):
    cfg = read_config(REPO / 'configs/sentiment' / name)
    np.testing.assert_allclose(cfg.grid['lambdas'], np.logspace(-2, 0, 9), rtol=1e-4)
    np.testing.assert_allclose(cfg.grid['svm_c'], np.logspace(-5, 0, 10), rtol=1e-4)
    assert cfg.grid['hidden'] == [50, 100]
    assert (cfg.grid['lr'], cfg.grid['lr_msda']) == (1e-3, 1e-4)
    assert cfg.msda == dict(num_layers=5, p=0.5) and cfg.num_features == 5000


def test_the_demo_reads_the_generated_pair_over_three_seeds():
    cfg = read_config(REPO / 'configs/sentiment/dann_reviews_demo.py')
    assert cfg.data_root == 'data/reviews_demo' and cfg.seeds == [0, 1, 2]
