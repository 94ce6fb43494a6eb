"""The three learners of DANN's sentiment experiments (Ganin et al., JMLR 2016, Sec. 5.1.3)
and their unsupervised model selection by reverse validation (Sec. 5.1.2), on numpy inputs.

Learners (``fit_learner``): the shallow DANN of Algorithm 1 (``ShallowDANN``), the
standard NN (the same with ``adversarial=False``), both with early stopping, and a linear
SVM (scikit-learn's ``LinearSVC``).

Early stopping: after every pass over the labelled sample, the network's accuracy on a
validation set is measured; training stops after ``patience`` passes without improvement
(or ``max_epochs``) and the parameters of the best pass are kept.

Reverse validation of one setting of hyper-parameters (Sec. 5.1.2): S and T are split
90/10 into (S', S_V) and (T', T_V) (seeded, the same split for every setting);

1. eta is learnt on S' (labelled) and T' (unlabelled), early-stopped on S_V;
2. the reverse classifier eta_r is learnt by the same algorithm on {(x, eta(x)), x in T'}
   as the labelled sample and S' (its labels unused) as the target sample, early-stopped
   on {(x, eta(x)), x in T_V} and, for the networks, initialised with eta's parameters
   ("better accuracies" in the paper);
3. the risk is eta_r's error on S_V.

The setting of lowest risk is chosen (the first in grid order on ties), and its eta is the
classifier reported: the text does not say whether the networks are retrained on all of S
after the selection, and eta is the one its early stopping was done for.
"""
import itertools
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import numpy as np

from segda.models.shallow_dann import ShallowDANN

NETWORKS = {'NN': False, 'DANN': True}
LEARNERS = ('NN', 'DANN', 'SVM')
PARAMETERS = ('W', 'b', 'V', 'c', 'u', 'z')


def accuracy(predict, x, y) -> float:
    return float(np.mean(predict(x) == y))


def fit_network(adversarial: bool, hyper: Dict, source_x, source_y, target_x, val_x, val_y,
                max_epochs: int, patience: int, seed: int,
                init_from: Optional[ShallowDANN] = None) -> ShallowDANN:
    """Algorithm 1 with early stopping on ``(val_x, val_y)`` (module docstring)."""
    net = ShallowDANN(num_hidden=int(hyper['hidden']), lambda_=float(hyper.get('lambda', 0.0)),
                      learning_rate=float(hyper['lr']), adversarial=adversarial, seed=seed)
    net.init(source_x.shape[1], 2)
    if init_from is not None:
        for name in PARAMETERS:
            setattr(net, name, np.copy(getattr(init_from, name)))
    best, best_acc, waited = None, -1.0, 0
    for _ in range(max_epochs):
        for x_i, y_i in zip(source_x, source_y):
            net.update(x_i, int(y_i), target_x[net.rng.integers(len(target_x))])
        acc = accuracy(net.predict, val_x, val_y)
        if acc > best_acc:
            best, best_acc, waited = {n: np.copy(getattr(net, n)) for n in PARAMETERS}, acc, 0
        else:
            waited += 1
            if waited >= patience:
                break
    for name in PARAMETERS:
        setattr(net, name, best[name])
    return net


class ConstantClassifier:
    """What a classifier learns from one class: that class (a reverse classifier whose
    pseudo-labels are all alike)."""

    def __init__(self, label: int):
        self.label = label

    def predict(self, x) -> np.ndarray:
        return np.full(x.shape[0], self.label)


def fit_svm(hyper: Dict, source_x, source_y, seed: int):
    from sklearn.svm import LinearSVC
    if len(np.unique(source_y)) < 2:
        return ConstantClassifier(int(source_y[0]))
    return LinearSVC(C=float(hyper['C']), max_iter=10000, random_state=seed).fit(source_x, source_y)


def fit_learner(learner: str, hyper: Dict, source_x, source_y, target_x, val_x, val_y,
                training: Dict, seed: int, init_from=None):
    """One learner of ``LEARNERS``; ``training`` holds ``max_epochs`` and ``patience``."""
    if learner == 'SVM':
        return fit_svm(hyper, source_x, source_y, seed)
    if learner not in NETWORKS:
        raise ValueError(f'fit_learner: unknown learner {learner!r}; one of {LEARNERS}.')
    return fit_network(NETWORKS[learner], hyper, source_x, source_y, target_x, val_x, val_y,
                       training['max_epochs'], training['patience'], seed, init_from)


def grid_settings(grid: Dict[str, Sequence]) -> List[Dict]:
    """Every combination of the values of ``grid`` (``{name: values}``), in order."""
    names = list(grid)
    return [dict(zip(names, values)) for values in itertools.product(*grid.values())]


def split_90_10(num: int, rng: np.random.Generator):
    """(90 %, 10 %) index arrays of a random permutation of ``num``, in that random order:
    Algorithm 1 visits the labelled sample in its order, and the reviews are read positive
    first, then negative."""
    order = rng.permutation(num)
    cut = num - max(1, int(round(0.1 * num)))
    return order[:cut], order[cut:]


@dataclass
class Selection:
    hyper: Dict
    risk: float
    model: object
    risks: List = field(default_factory=list)   # (setting, risk) for every setting


def reverse_validation(learner: str, settings: Sequence[Dict], source_x, source_y, target_x,
                       training: Dict, seed: int) -> Selection:
    """The setting of lowest reverse validation risk (module docstring)."""
    rng = np.random.default_rng(seed)
    s_train, s_val = split_90_10(len(source_y), rng)
    t_train, t_val = split_90_10(target_x.shape[0], rng)
    sx, sy, svx, svy = source_x[s_train], source_y[s_train], source_x[s_val], source_y[s_val]
    tx, tvx = target_x[t_train], target_x[t_val]
    best, risks = None, []
    for hyper in settings:
        eta = fit_learner(learner, hyper, sx, sy, tx, svx, svy, training, seed)
        pseudo, pseudo_val = eta.predict(tx), eta.predict(tvx)
        reverse = fit_learner(learner, hyper, tx, pseudo, sx, tvx, pseudo_val, training, seed,
                              init_from=eta if learner in NETWORKS else None)
        risk = 1.0 - accuracy(reverse.predict, svx, svy)
        risks.append((hyper, risk))
        if best is None or risk < best.risk:
            best = Selection(hyper, risk, eta)
    best.risks = risks
    return best
