"""The Amazon reviews reader (segda/datasets/sentiment/reviews.py) on lines written in the
processed_acl format: ``feature:count ... #label#:positive|negative``."""
import numpy as np
import pytest

from segda.datasets.sentiment import (
    ReviewFormatError,
    Reviews,
    load_amazon_reviews,
    parse_review_line,
    read_review_file,
    vocabulary,
)

POSITIVE = 'great:2 cable_modem:1 works_great:1 #label#:positive\n'
NEGATIVE = 'broke:1 cable_modem:3 #label#:negative\n'


def write_domain(root, name, positive, negative, unlabelled):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / 'positive.review').write_text(positive)
    (folder / 'negative.review').write_text(negative)
    (folder / 'unlabeled.review').write_text(unlabelled)


def test_a_line_gives_its_counts_and_label():
    assert parse_review_line(POSITIVE) == ({'great': 2, 'cable_modem': 1, 'works_great': 1}, 1)
    assert parse_review_line(NEGATIVE)[1] == 0
    # a feature holding a colon keeps it: the count follows the last colon
    assert parse_review_line('a:b:4 #label#:negative') == ({'a:b': 4}, 0)


def test_a_malformed_line_is_named_with_its_file_and_line(tmp_path):
    path = tmp_path / 'positive.review'
    path.write_text(POSITIVE + '\n' + 'great:x #label#:positive\n')
    with pytest.raises(ReviewFormatError, match=rf"{path}:3: 'great:x' is not a feature:count"):
        read_review_file(str(path))
    path.write_text(POSITIVE + 'great:1 bad:2\n')
    with pytest.raises(ReviewFormatError, match=rf'{path}:2: .*must end with #label#'):
        read_review_file(str(path))


def test_a_label_against_its_file_is_refused(tmp_path):
    write_domain(tmp_path, 'books', POSITIVE + NEGATIVE, NEGATIVE, POSITIVE)
    with pytest.raises(ReviewFormatError, match='positive.review: review 2 has label 0'):
        load_amazon_reviews(str(tmp_path))


def test_domains_share_one_vocabulary_of_the_most_frequent_features(tmp_path):
    write_domain(tmp_path, 'books', POSITIVE, NEGATIVE, 'plot:5 great:1 #label#:positive\n')
    write_domain(tmp_path, 'dvd', 'plot:1 #label#:positive\n', NEGATIVE,
                 'broke:2 #label#:negative\n')
    domains, features = load_amazon_reviews(str(tmp_path), size=3)
    # totals: cable_modem 7, plot 6, broke 4, great 3, works_great 1
    assert features == ['cable_modem', 'plot', 'broke']
    assert sorted(domains) == ['books', 'dvd']
    books = domains['books']
    assert books.x.shape == (2, 3) and books.x.format == 'csr'
    np.testing.assert_array_equal(books.x.toarray(), [[1, 0, 0], [3, 0, 1]])
    np.testing.assert_array_equal(books.y, [1, 0])
    np.testing.assert_array_equal(books.test_x.toarray(), [[0, 5, 0]])
    np.testing.assert_array_equal(domains['dvd'].test_y, [0])


def test_ties_in_frequency_are_broken_by_name():
    reviews = Reviews([{'b': 1, 'a': 1, 'c': 2}], np.array([1]))
    assert vocabulary([reviews], 2) == ['c', 'a']


def test_a_root_without_domains_says_what_it_expects(tmp_path):
    with pytest.raises(FileNotFoundError, match='no domain folder holding positive.review'):
        load_amazon_reviews(str(tmp_path))
