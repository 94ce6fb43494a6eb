"""Shallow DANN: Algorithm 1 of Ganin et al. (JMLR 2016, Sec. 4.1), per-sample SGD in numpy.

The network (Sec. 4.1), D hidden units, L classes:

    G_f(x) = sigm(W x + b)          the hidden layer, (W, b) in R^{D x m} x R^D     (Eq. 4)
    G_y(h) = softmax(V h + c)       the label regressor, (V, c) in R^{L x D} x R^L
    G_d(h) = sigm(u^T h + z)        the domain regressor, (u, z) in R^D x R         (Eq. 7)

Algorithm 1 calls z ``d``. One update per source example (x_i, y_i), in the order of the
sample, with a target example x_j drawn uniformly (lines 8-39), h = G_f(x), e(y) one-hot:

    Δc = -(e(y_i) - G_y(h_i));   ΔV = Δc h_i^T;   Δb = (V^T Δc) ⊙ h_i ⊙ (1 - h_i);   ΔW = Δb x_i^T
    # the domain regularizer, from the current (source) domain (lines 17-22)
    Δz = λ (1 - G_d(h_i));   Δu = λ (1 - G_d(h_i)) h_i
    tmp = λ (1 - G_d(h_i)) u ⊙ h_i ⊙ (1 - h_i);   Δb += tmp;   ΔW += tmp x_i^T
    # ... from the other (target) domain (lines 24-31)
    Δz -= λ G_d(h_j);   Δu -= λ G_d(h_j) h_j
    tmp = -λ G_d(h_j) u ⊙ h_j ⊙ (1 - h_j);   Δb += tmp;   ΔW += tmp x_j^T
    # descent for the network, ascent for the domain regressor (lines 33-39)
    W -= μ ΔW;  V -= μ ΔV;  b -= μ Δb;  c -= μ Δc;      u += μ Δu;  z += μ Δz

(Δu, Δz) is the gradient of F = λ [log G_d(h_i) + log(1 - G_d(h_j))], so in Algorithm 1
G_d is the probability that an example comes from the SOURCE (as Fig. 2 reads it: "source
when G_d(G_f(x)) >= 0.5"; Eq. 7 labels the domains the other way round, the mirror image
u, z -> -u, -z). The domain regressor ascends F, i.e. learns to tell the domains apart,
while (ΔW, Δb) hold the gradient of -log G_y(h_i)_{y_i} + F, so the hidden layer descends
F: it works against the domain regressor. That is the saddle point of Eq. 9-10.

The standard NN of Fig. 2(a) (``adversarial=False``) trains the same domain regressor on
its representation but sends nothing of F into the hidden layer: the tmp terms are left
out. (The paper says "omitting the lines numbered 22 and 31", which read literally would
keep the tmp terms in b, lines 21 and 30; its aim, "disable the adversarial
back-propagation into the hidden layer" for "the NN learning algorithm ... without any
regularizer", and the authors' released code drop them from b too, as here.)

Initialisation (lines 3-4): b, c, u, z = 0 and W, V random; the paper does not say how, so
uniform in ±sqrt(6 / (fan_in + fan_out)) (Glorot), as the authors' released code.
"""
from typing import Dict, Optional

import numpy as np


def sigm(a):
    """1 / (1 + exp(-a)), without overflow for large |a|."""
    return np.exp(-np.logaddexp(0.0, -a))


def softmax(a):
    """softmax over the last axis."""
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class ShallowDANN:
    """Algorithm 1 (module docstring).

    Args:
        num_hidden: D, the hidden layer's size (15 in the toy of Sec. 5.1.1).
        lambda_: λ, the adaptation parameter (6 in the toy, for DANN and the NN alike).
        learning_rate: μ (the toy's is not stated; 0.05 in the authors' released code).
        adversarial: False for the standard NN of Fig. 2(a) (no F into the hidden layer).
        seed: seeds the initialisation and the draws of j.

    Parameters after :meth:`init`: ``W`` (D x m), ``b`` (D), ``V`` (L x D), ``c`` (L),
    ``u`` (D), ``z`` (a float).
    """

    def __init__(self, num_hidden: int = 15, lambda_: float = 6.0, learning_rate: float = 0.05,
                 adversarial: bool = True, seed: int = 0):
        if not isinstance(num_hidden, int) or num_hidden < 1:
            raise ValueError(f'ShallowDANN: num_hidden must be a positive int, got {num_hidden!r}')
        if learning_rate <= 0 or lambda_ < 0:
            raise ValueError(f'ShallowDANN: learning_rate must be > 0 and lambda_ >= 0, got '
                             f'{learning_rate!r} and {lambda_!r}')
        self.num_hidden = num_hidden
        self.lambda_ = lambda_
        self.learning_rate = learning_rate
        self.adversarial = adversarial
        self.rng = np.random.default_rng(seed)
        self.W: Optional[np.ndarray] = None

    def init(self, num_inputs: int, num_classes: int) -> None:
        """Lines 3-4: W, V random (Glorot uniform), b, c, u, z = 0."""
        def glorot(fan_out, fan_in):
            bound = np.sqrt(6.0 / (fan_in + fan_out))
            return self.rng.uniform(-bound, bound, size=(fan_out, fan_in))
        self.W, self.V = glorot(self.num_hidden, num_inputs), glorot(num_classes, self.num_hidden)
        self.b, self.c = np.zeros(self.num_hidden), np.zeros(num_classes)
        self.u, self.z = np.zeros(self.num_hidden), 0.0

    # -- the three functions -----------------------------------------------------------------
    def hidden(self, x: np.ndarray) -> np.ndarray:
        """G_f: ``m`` or ``N x m`` inputs -> ``D`` or ``N x D`` representations."""
        return sigm(x @ self.W.T + self.b)

    def class_probs(self, x: np.ndarray) -> np.ndarray:
        """G_y(G_f(x)): the L class probabilities."""
        return softmax(self.hidden(x) @ self.V.T + self.c)

    def domain_probs(self, x: np.ndarray) -> np.ndarray:
        """G_d(G_f(x)): the probability of the source domain (module docstring)."""
        return sigm(self.hidden(x) @ self.u + self.z)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The most probable class of each row of ``x``."""
        return self.class_probs(x).argmax(axis=-1)

    # -- Algorithm 1 -------------------------------------------------------------------------
    def deltas(self, x_i: np.ndarray, y_i: int, x_j: np.ndarray) -> Dict[str, np.ndarray]:
        """Lines 8-31 for the source example (x_i, y_i) and the target example x_j: ΔW, Δb,
        ΔV, Δc (descended) and Δu, Δz (ascended)."""
        lam = self.lambda_
        h_i = self.hidden(x_i)
        delta_c = softmax(self.V @ h_i + self.c)
        delta_c[y_i] -= 1.0                                   # -(e(y_i) - G_y(G_f(x_i)))
        delta_V = np.outer(delta_c, h_i)
        delta_b = (self.V.T @ delta_c) * h_i * (1.0 - h_i)
        delta_W = np.outer(delta_b, x_i)
        # ...from the current domain
        g_i = sigm(self.u @ h_i + self.z)
        delta_z = lam * (1.0 - g_i)
        delta_u = lam * (1.0 - g_i) * h_i
        if self.adversarial:
            tmp = lam * (1.0 - g_i) * self.u * h_i * (1.0 - h_i)
            delta_b = delta_b + tmp
            delta_W = delta_W + np.outer(tmp, x_i)
        # ...from the other domain
        h_j = self.hidden(x_j)
        g_j = sigm(self.u @ h_j + self.z)
        delta_z -= lam * g_j
        delta_u = delta_u - lam * g_j * h_j
        if self.adversarial:
            tmp = -lam * g_j * self.u * h_j * (1.0 - h_j)
            delta_b = delta_b + tmp
            delta_W = delta_W + np.outer(tmp, x_j)
        return dict(W=delta_W, b=delta_b, V=delta_V, c=delta_c, u=delta_u, z=delta_z)

    def update(self, x_i: np.ndarray, y_i: int, x_j: np.ndarray) -> None:
        """Lines 8-39: one stochastic update, descent on (W, V, b, c), ascent on (u, z)."""
        delta = self.deltas(x_i, y_i, x_j)
        mu = self.learning_rate
        self.W -= mu * delta['W']
        self.V -= mu * delta['V']
        self.b -= mu * delta['b']
        self.c -= mu * delta['c']
        self.u += mu * delta['u']
        self.z += mu * float(delta['z'])

    def fit(self, source_x: np.ndarray, source_y: np.ndarray, target_x: np.ndarray,
            epochs: int) -> 'ShallowDANN':
        """Lines 3-41: initialise, then ``epochs`` passes of i = 1..n over the source sample
        in its order, each with a target example j drawn uniformly (line 24)."""
        if len(source_x) != len(source_y) or not len(source_x) or not len(target_x):
            raise ValueError(f'ShallowDANN.fit: {len(source_x)} source inputs, '
                             f'{len(source_y)} labels, {len(target_x)} target inputs; the '
                             'sources need one label each and neither sample may be empty.')
        self.init(source_x.shape[1], int(source_y.max()) + 1)
        for _ in range(epochs):
            for x_i, y_i in zip(source_x, source_y):
                self.update(x_i, int(y_i), target_x[self.rng.integers(len(target_x))])
        return self
