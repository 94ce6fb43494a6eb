"""The Amazon reviews of Blitzer et al. (2007) as distributed with mSDA (Chen et al., ICML
2012), the sentiment data of DANN (Ganin et al., JMLR 2016, Sec. 5.1.3).

Layout ("processed_acl"), one folder per domain::

    <root>/<domain>/positive.review     labelled reviews (1,000 in each real domain)
    <root>/<domain>/negative.review     labelled reviews (1,000)
    <root>/<domain>/unlabeled.review    the domain's other reviews (3,586 to 5,945)

with the domains ``books``, ``dvd``, ``electronics``, ``kitchen``. A file holds one review
per line: whitespace-separated ``feature:count`` pairs, a feature being a unigram or a
bigram whose words are joined by ``_`` (``cable_modem:1``), and the last token
``#label#:positive`` or ``#label#:negative`` (the lines of ``unlabeled.review`` carry their
label too). Label 1 = positive (4 or 5 stars), 0 = negative.

DANN's protocol (Sec. 5.1.3): 2,000 labelled source reviews (positive + negative), 2,000
unlabelled target reviews (the target's positive + negative, labels hidden), and the
target's ``unlabeled.review`` as the test set (3,000 to 6,000 reviews).

Features: the 5,000 most frequent unigrams and bigrams. Counted here as the total count of
each feature over every review of every domain found under the root (labelled and
unlabelled files), ties broken by the feature's name. mSDA's own preprocessing script is
not part of the text we could verify; this choice uses no label and no test-set label.
"""
import os
import os.path as osp
from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

import numpy as np
import scipy.sparse as sp

DOMAINS = ('books', 'dvd', 'electronics', 'kitchen')
LABELLED_FILES = (('positive.review', 1), ('negative.review', 0))
UNLABELLED_FILE = 'unlabeled.review'
LABEL_TOKENS = {'#label#:positive': 1, '#label#:negative': 0}
NUM_FEATURES = 5000


class ReviewFormatError(ValueError):
    """A line that is not ``feature:count ... #label#:positive|negative``."""


@dataclass
class Reviews:
    """Bags of words (``feature -> count``) and their labels (1 positive, 0 negative)."""
    bags: List[Dict[str, int]]
    labels: np.ndarray


def parse_review_line(line: str, where: str = '<line>') -> Tuple[Dict[str, int], int]:
    """One line -> ``(bag, label)``; ``where`` (``file:line``) names it in errors."""
    tokens = line.split()
    if not tokens or tokens[-1] not in LABEL_TOKENS:
        last = tokens[-1] if tokens else 'nothing'
        raise ReviewFormatError(f'{where}: a review line must end with #label#:positive or '
                                f'#label#:negative, found {last!r}.')
    bag: Dict[str, int] = {}
    for token in tokens[:-1]:
        feature, _, count = token.rpartition(':')
        if not feature or not count.isdigit():
            raise ReviewFormatError(f'{where}: {token!r} is not a feature:count pair (a '
                                    'non-negative integer count after the last colon).')
        bag[feature] = bag.get(feature, 0) + int(count)
    return bag, LABEL_TOKENS[tokens[-1]]


def read_review_file(path: str) -> Reviews:
    """Every line of one ``.review`` file (blank lines skipped)."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path}: no such review file; the Amazon reviews layout is '
                                '<root>/<domain>/{positive,negative,unlabeled}.review '
                                '(docs/datasets.md).')
    bags, labels = [], []
    with open(path, encoding='utf-8', errors='replace') as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                bag, label = parse_review_line(line, f'{path}:{number}')
                bags.append(bag)
                labels.append(label)
    return Reviews(bags, np.asarray(labels, np.int64))


def concat(parts: Sequence[Reviews]) -> Reviews:
    return Reviews([bag for part in parts for bag in part.bags],
                   np.concatenate([part.labels for part in parts]))


def read_domain(root: str, domain: str) -> Tuple[Reviews, Reviews]:
    """``(labelled, unlabelled)`` reviews of ``<root>/<domain>``: positive then negative, and
    ``unlabeled.review`` (DANN's target test set)."""
    folder = osp.join(root, domain)
    labelled = []
    for name, label in LABELLED_FILES:
        path = osp.join(folder, name)
        reviews = read_review_file(path)
        wrong = np.flatnonzero(reviews.labels != label)
        if len(wrong):
            raise ReviewFormatError(f'{path}: review {wrong[0] + 1} has label '
                                    f'{int(reviews.labels[wrong[0]])} in a file of label '
                                    f'{label} reviews.')
        labelled.append(reviews)
    return concat(labelled), read_review_file(osp.join(folder, UNLABELLED_FILE))


def found_domains(root: str) -> List[str]:
    """The sub-folders of ``root`` holding the three review files, sorted."""
    names = [LABELLED_FILES[0][0], LABELLED_FILES[1][0], UNLABELLED_FILE]
    if not osp.isdir(root):
        raise FileNotFoundError(f'{root}: no such folder (the Amazon reviews root, '
                                'docs/datasets.md).')
    domains = sorted(name for name in os.listdir(root)
                     if all(osp.isfile(osp.join(root, name, file)) for file in names))
    if not domains:
        raise FileNotFoundError(f'{root}: no domain folder holding {", ".join(names)} '
                                '(docs/datasets.md).')
    return domains


def vocabulary(parts: Sequence[Reviews], size: int = NUM_FEATURES) -> List[str]:
    """The ``size`` features of highest total count over ``parts`` (ties by name)."""
    totals: Counter = Counter()
    for part in parts:
        for bag in part.bags:
            totals.update(bag)
    return sorted(totals, key=lambda feature: (-totals[feature], feature))[:size]


def to_matrix(reviews: Reviews, features: Sequence[str]) -> sp.csr_matrix:
    """``N x len(features)`` CSR matrix of counts; features outside the list are dropped."""
    index = {feature: column for column, feature in enumerate(features)}
    rows, cols, values = [], [], []
    for row, bag in enumerate(reviews.bags):
        for feature, count in bag.items():
            column = index.get(feature)
            if column is not None:
                rows.append(row)
                cols.append(column)
                values.append(count)
    return sp.csr_matrix((np.asarray(values, np.float64), (rows, cols)),
                         shape=(len(reviews.bags), len(features)))


@dataclass
class DomainMatrices:
    """One domain as sparse ``N x F`` count matrices: its labelled reviews (``x``, ``y``) and
    its unlabelled file (``test_x``, ``test_y``)."""
    x: sp.csr_matrix
    y: np.ndarray
    test_x: sp.csr_matrix
    test_y: np.ndarray


def load_amazon_reviews(root: str, size: int = NUM_FEATURES) -> Tuple[Dict[str, DomainMatrices],
                                                                      List[str]]:
    """Every domain under ``root`` on one vocabulary of ``size`` features (module
    docstring): ``({domain: DomainMatrices}, features)``."""
    read = {domain: read_domain(root, domain) for domain in found_domains(root)}
    features = vocabulary([part for parts in read.values() for part in parts], size)
    return {domain: DomainMatrices(to_matrix(labelled, features), labelled.labels,
                                   to_matrix(unlabelled, features), unlabelled.labels)
            for domain, (labelled, unlabelled) in read.items()}, features
