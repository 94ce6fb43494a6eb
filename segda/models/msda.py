"""Marginalized stacked denoising autoencoders, mSDA (Chen, Xu, Weinberger and Sha, ICML
2012), in closed form; the representation DANN is run on in Sec. 5.1.4 (Ganin et al., JMLR
2016).

One layer (mDA). With the inputs as the columns of ``X`` (d x n), each with a constant 1
appended as a bias feature, and every feature removed (set to 0) independently with
probability p except the bias, which is never corrupted, the reconstruction ``W x~`` that
minimises the expected squared loss over all corruptions x~ of all inputs,

    E[ sum_i || x_i - W x~_i ||^2 ],

is  ``W = P Q^-1``  with  S = X X^T  ((d+1) x (d+1), X with its bias row),
q = (1-p, ..., 1-p, 1) the survival probability of each feature, and

    Q_ab = S_ab q_a q_b  (a != b),    Q_aa = S_aa q_a        (= E[x~ x~^T]),
    P_ab = S_ab q_b                   (= E[x x~^T]; the d rows of the real features),

a small ridge ``reg`` I added to Q as in the authors' release, so that features that never
occur do not make Q singular. The layer's output is ``h = tanh(W [x; 1])`` (d values).

mSDA stacks ``num_layers`` such layers, each learnt on the previous layer's outputs over
the unlabelled sample of both domains, and represents an input by the concatenation of the
input and the outputs of every layer (DANN Sec. 5.1.4: 5 layers, p = 0.5, 5 x 5,000 +
5,000 = 30,000 dimensions). Chen et al. also describe a reduced-dimension variant for very
large d; DANN's text does not use it, so the full d x d system is solved here.
"""
from typing import List

import numpy as np
import scipy.sparse as sp


def mda_weights(x, p: float, reg: float = 1e-5) -> np.ndarray:
    """``W = P Q^-1`` (module docstring) for the rows of ``x`` (n x d, dense or sparse):
    a ``d x (d+1)`` matrix, its last column the bias's."""
    if not 0.0 <= p < 1.0:
        raise ValueError(f'mda_weights: the corruption probability must be in [0, 1), got {p!r}')
    x = x.toarray() if sp.issparse(x) else np.asarray(x, np.float64)
    xb = np.hstack([x, np.ones((len(x), 1))])
    scatter = xb.T @ xb
    q = np.full(len(scatter), 1.0 - p)
    q[-1] = 1.0
    big_q = scatter * np.outer(q, q)
    np.fill_diagonal(big_q, q * np.diag(scatter))
    big_p = scatter[:-1] * q[None, :]
    big_q[np.diag_indices_from(big_q)] += reg
    # W Q = P  <=>  Q^T W^T = P^T (Q is symmetric)
    return np.linalg.solve(big_q, big_p.T).T


def mda_forward(weights: np.ndarray, x) -> np.ndarray:
    """``tanh(W [x; 1])`` for the rows of ``x``."""
    x = x.toarray() if sp.issparse(x) else np.asarray(x, np.float64)
    return np.tanh(x @ weights[:, :-1].T + weights[:, -1])


class MSDA:
    """mSDA (module docstring): ``fit`` on unlabelled rows, ``transform`` any rows into
    ``[x, h_1, ..., h_L]``."""

    def __init__(self, num_layers: int = 5, p: float = 0.5, reg: float = 1e-5):
        if num_layers < 1:
            raise ValueError(f'MSDA: num_layers must be >= 1, got {num_layers!r}')
        self.num_layers, self.p, self.reg = num_layers, p, reg
        self.weights: List[np.ndarray] = []

    def fit(self, x) -> 'MSDA':
        self.weights = []
        h = x
        for _ in range(self.num_layers):
            self.weights.append(mda_weights(h, self.p, self.reg))
            h = mda_forward(self.weights[-1], h)
        return self

    def transform(self, x) -> np.ndarray:
        if not self.weights:
            raise RuntimeError('MSDA.transform: call fit first.')
        layers = [x.toarray() if sp.issparse(x) else np.asarray(x, np.float64)]
        for weights in self.weights:
            layers.append(mda_forward(weights, layers[-1]))
        return np.hstack(layers)
