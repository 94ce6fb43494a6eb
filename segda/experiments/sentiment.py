"""DANN's sentiment analysis study (Ganin et al., JMLR 2016, Sec. 5.1.3-5.1.5) on one
source -> target pair of the Amazon reviews (``segda.datasets.sentiment``):

- NN, DANN and a linear SVM on the raw features (Table 1a, "Original data") and on the
  mSDA representation learnt from the unlabelled source and target training reviews
  (Table 1a, "mSDA representation"; ``segda.models.msda``), each with the hyper-parameters
  chosen by reverse validation (``sentiment_learners``);
- the SVM's source-only / oracle reference on the raw features: the same SVM grid trained
  on the target's labelled reviews, C chosen by 90/10 validation on those labels (the
  oracle, not an adaptation result);
- the proxy A-distance (Fig. 3) between the source and target training samples of: the raw
  input, the NN's and DANN's hidden layer, the mSDA representation, and DANN's hidden layer
  on mSDA.

The inputs of a pair: the source's labelled reviews (labels used), the target's labelled
reviews (labels hidden), and the target's unlabelled file as the test set.
"""
from dataclasses import dataclass, field
from typing import Dict

import numpy as np

from segda.evaluation.pad import proxy_a_distance
from segda.models.msda import MSDA

from .sentiment_learners import (
    LEARNERS,
    accuracy,
    fit_svm,
    grid_settings,
    reverse_validation,
    split_90_10,
)

REPRESENTATIONS = ('raw', 'msda')


@dataclass
class PairResult:
    accuracy: Dict[str, float] = field(default_factory=dict)   # '<learner>/<representation>'
    chosen: Dict[str, Dict] = field(default_factory=dict)      # same keys: the hyper-parameters
    pad: Dict[str, float] = field(default_factory=dict)        # representation -> PAD
    oracle: float = float('nan')
    test_size: int = 0


def learner_settings(learner: str, grid: Dict, representation: str):
    """The hyper-parameter settings of one learner from the study's ``grid`` (config)."""
    if learner == 'SVM':
        return grid_settings(dict(C=grid['svm_c']))
    lr = grid['lr_msda'] if representation == 'msda' else grid['lr']
    settings = dict(hidden=grid['hidden'], lr=[lr])
    if learner == 'DANN':
        settings['lambda'] = grid['lambdas']
    return grid_settings(settings)


def oracle_accuracy(domain, grid: Dict, seed: int) -> float:
    """The SVM trained on the target's labels (C by 90/10 validation), on the target test."""
    train, val = split_90_10(len(domain.y), np.random.default_rng(seed))
    x = domain.x.toarray()
    best = max(grid_settings(dict(C=grid['svm_c'])), key=lambda hyper: accuracy(
        fit_svm(hyper, x[train], domain.y[train], seed).predict, x[val], domain.y[val]))
    svm = fit_svm(best, x[train], domain.y[train], seed)
    return accuracy(svm.predict, domain.test_x.toarray(), domain.test_y)


def run_pair(source, target, grid: Dict, training: Dict, msda: Dict, seed: int,
             log=print) -> PairResult:
    """The study on one pair (module docstring); ``source`` and ``target`` are
    ``DomainMatrices``, ``grid`` holds ``hidden``, ``lambdas``, ``lr``, ``lr_msda``,
    ``svm_c``; ``training`` ``max_epochs`` and ``patience``; ``msda`` ``num_layers``, ``p``."""
    result = PairResult(test_size=len(target.test_y))
    raw = (source.x.toarray(), target.x.toarray(), target.test_x.toarray())
    mapping = MSDA(**msda).fit(np.vstack(raw[:2]))
    inputs = dict(raw=raw, msda=tuple(mapping.transform(x) for x in raw))
    result.oracle = oracle_accuracy(target, grid, seed)
    for representation, (source_x, target_x, test_x) in inputs.items():
        result.pad[representation] = proxy_a_distance(source_x, target_x, seed).pad
        for learner in LEARNERS:
            key = f'{learner}/{representation}'
            chosen = reverse_validation(learner, learner_settings(learner, grid, representation),
                                        source_x, source.y, target_x, training, seed)
            result.accuracy[key] = accuracy(chosen.model.predict, test_x, target.test_y)
            result.chosen[key] = chosen.hyper
            if learner != 'SVM':
                hidden = [chosen.model.hidden(x) for x in (source_x, target_x)]
                name = learner if representation == 'raw' else f'mSDA+{learner}'
                result.pad[name] = proxy_a_distance(*hidden, seed).pad
            log(f'  {key}: {100 * result.accuracy[key]:.1f} % with {chosen.hyper} '
                f'(reverse validation risk {chosen.risk:.3f})')
    return result
