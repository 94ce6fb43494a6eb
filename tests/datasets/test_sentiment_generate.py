"""The generated review pair (segda/datasets/sentiment/generate.py): seeded, written in the
real format and read back by the real reader, the domains sharing the sentiment words but
not the product words."""
import numpy as np

from segda.datasets.sentiment import generate_reviews, load_amazon_reviews, parse_review_line
from segda.datasets.sentiment.generate import DOMAINS, SHARED_NEGATIVE, SHARED_POSITIVE


def small(out, seed):
    return generate_reviews(str(out), seed=seed, num_labelled=20, num_unlabelled=30)


def test_the_same_seed_writes_the_same_files_and_another_seed_others(tmp_path):
    first = small(tmp_path / 'a', 0)
    again = small(tmp_path / 'b', 0)
    other = small(tmp_path / 'c', 1)
    texts = [[open(path).read() for path in files] for files in (first, again, other)]
    assert texts[0] == texts[1] and texts[0] != texts[2]


def test_the_files_are_in_the_real_format_and_read_back(tmp_path):
    small(tmp_path, 0)
    for line in (tmp_path / 'gadgets' / 'negative.review').read_text().splitlines():
        assert line.endswith(' #label#:negative')
        assert parse_review_line(line)[1] == 0
    domains, features = load_amazon_reviews(str(tmp_path))
    assert sorted(domains) == sorted(DOMAINS)
    for domain in domains.values():
        assert domain.x.shape == (40, len(features)) and domain.test_x.shape[0] == 30
        np.testing.assert_array_equal(domain.y, [1] * 20 + [0] * 20)


def test_domains_share_sentiment_words_but_not_product_words(tmp_path):
    small(tmp_path, 0)
    domains, features = load_amazon_reviews(str(tmp_path))
    used = {name: {features[j] for j in np.unique(d.x.nonzero()[1])}
            for name, d in domains.items()}
    shared = set(SHARED_POSITIVE + SHARED_NEGATIVE)
    assert shared & used['gadgets'] & used['cookware']
    assert not set(DOMAINS['gadgets']['products']) & used['cookware']
    assert not set(DOMAINS['cookware']['products']) & used['gadgets']
