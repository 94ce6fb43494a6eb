"""tools/analysis/sentiment.py on a tiny generated review pair (the three learners on raw
and mSDA features, PAD, Poisson binomial test), and tools/make_reviews.py's refusal to
overwrite, run in this process."""
import pytest

from segda.datasets.sentiment import generate_reviews

from helpers.cli import REPO, load_tool

sentiment_tool = load_tool('analysis/sentiment.py')
make_reviews = load_tool('make_reviews.py')

TINY_CONFIG = f"""
_base_ = ['{REPO / 'configs/sentiment/dann_reviews_demo.py'}']
small_grid = dict(hidden=[5], lambdas=[0.1], lr=1e-2, lr_msda=1e-2, svm_c=[0.1])
training = dict(max_epochs=2, patience=1)
msda = dict(num_layers=2, p=0.5)
"""


def test_one_pair_gives_the_three_tables(tmp_path, capsys):
    generate_reviews(str(tmp_path / 'reviews'), seed=0, num_labelled=30, num_unlabelled=40)
    config = tmp_path / 'tiny.py'
    config.write_text(TINY_CONFIG)
    out = tmp_path / 'table.md'
    sentiment_tool.main(['--config', str(config), '--data-root', str(tmp_path / 'reviews'),
                         '--pair', 'gadgets:cookware', '--seeds', '0', '--grid', 'small',
                         '--out', str(out)])
    text = out.read_text()
    assert '| gadgets -> cookware |' in text
    assert 'cookware -> gadgets' not in text
    header = text.splitlines()[2]
    assert header.startswith('| pair | NN/raw | DANN/raw | SVM/raw | NN/msda | DANN/msda')
    assert 'Proxy A-distance' in text and '| raw | NN | DANN | SVM |' in text
    assert "DANN/msda: " in capsys.readouterr().out
    with pytest.raises(FileExistsError, match='pass --overwrite'):
        sentiment_tool.main(['--config', str(config), '--data-root', str(tmp_path / 'reviews'),
                             '--out', str(out)])


def test_an_unknown_pair_is_refused(tmp_path):
    generate_reviews(str(tmp_path), seed=0, num_labelled=5, num_unlabelled=5)
    with pytest.raises(ValueError, match="--pair 'books:dvd': need SOURCE:TARGET"):
        sentiment_tool.main(['--config', 'configs/sentiment/dann_reviews_demo.py',
                             '--data-root', str(tmp_path), '--pair', 'books:dvd'])


def test_make_reviews_refuses_a_folder_in_use_without_overwrite(tmp_path, capsys):
    make_reviews.main(['--out', str(tmp_path / 'out')])
    assert (tmp_path / 'out' / 'gadgets' / 'unlabeled.review').is_file()
    with pytest.raises(FileExistsError, match='pass --overwrite'):
        make_reviews.main(['--out', str(tmp_path / 'out')])
    make_reviews.main(['--out', str(tmp_path / 'out'), '--overwrite', '--seed', '1'])
    assert 'wrote 6 files' in capsys.readouterr().out
