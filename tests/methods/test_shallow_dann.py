"""Shallow DANN (Ganin et al., JMLR 2016, Algorithm 1): one per-sample update against the
pseudo-code written out by hand on a 2-d input with fixed weights, the updates as gradients
of the saddle-point objective (descent for the network, ascent for the domain regressor),
the standard NN's hidden layer free of the domain term, and the two moons of Sec. 5.1.1
(seeded): DANN's target accuracy well above the NN's."""
import math

import numpy as np
import pytest
import torch

from segda.models.shallow_dann import ShallowDANN

from helpers.cli import load_tool

moons_tool = load_tool('analysis/shallow_dann_moons.py')

LAMBDA, MU = 6.0, 0.05
W = [[0.5, -1.0], [0.25, 0.75]]  # D = 2 hidden units, m = 2 inputs
B = [0.1, -0.2]
V = [[1.0, -0.5], [-0.3, 0.8]]   # L = 2 classes
C = [0.05, -0.05]
U = [0.7, -1.2]
Z = 0.3
X_I, Y_I = [1.0, -2.0], 1       # the source example
X_J = [0.5, 1.5]                # the target example


def sigm(a):
    return 1 / (1 + math.exp(-a))


def fixed_network(adversarial=True):
    network = ShallowDANN(num_hidden=2, lambda_=LAMBDA, learning_rate=MU, adversarial=adversarial)
    network.W, network.b, network.V = np.array(W), np.array(B), np.array(V)
    network.c, network.u, network.z = np.array(C), np.array(U), Z
    return network


def by_hand(adversarial=True):
    """Algorithm 1, lines 8-39, one scalar at a time."""
    h_i = [sigm(B[k] + W[k][0] * X_I[0] + W[k][1] * X_I[1]) for k in range(2)]
    a = [C[y] + V[y][0] * h_i[0] + V[y][1] * h_i[1] for y in range(2)]
    p = [math.exp(a[y]) / (math.exp(a[0]) + math.exp(a[1])) for y in range(2)]
    d_c = [p[y] - (1.0 if y == Y_I else 0.0) for y in range(2)]                      # line 11
    d_V = [[d_c[y] * h_i[k] for k in range(2)] for y in range(2)]                    # line 12
    d_b = [(V[0][k] * d_c[0] + V[1][k] * d_c[1]) * h_i[k] * (1 - h_i[k])            # line 13
           for k in range(2)]
    d_W = [[d_b[k] * X_I[n] for n in range(2)] for k in range(2)]                    # line 14
    g_i = sigm(Z + U[0] * h_i[0] + U[1] * h_i[1])                                     # line 17
    d_z = LAMBDA * (1 - g_i)                                                          # line 18
    d_u = [LAMBDA * (1 - g_i) * h_i[k] for k in range(2)]                             # line 19
    if adversarial:
        tmp = [LAMBDA * (1 - g_i) * U[k] * h_i[k] * (1 - h_i[k]) for k in range(2)]  # line 20
        d_b = [d_b[k] + tmp[k] for k in range(2)]                                     # line 21
        d_W = [[d_W[k][n] + tmp[k] * X_I[n] for n in range(2)] for k in range(2)]     # line 22
    h_j = [sigm(B[k] + W[k][0] * X_J[0] + W[k][1] * X_J[1]) for k in range(2)]      # line 25
    g_j = sigm(Z + U[0] * h_j[0] + U[1] * h_j[1])                                     # line 26
    d_z -= LAMBDA * g_j                                                               # line 27
    d_u = [d_u[k] - LAMBDA * g_j * h_j[k] for k in range(2)]                          # line 28
    if adversarial:
        tmp = [-LAMBDA * g_j * U[k] * h_j[k] * (1 - h_j[k]) for k in range(2)]       # line 29
        d_b = [d_b[k] + tmp[k] for k in range(2)]                                     # line 30
        d_W = [[d_W[k][n] + tmp[k] * X_J[n] for n in range(2)] for k in range(2)]     # line 31
    return dict(  # lines 33-39: descent for W, V, b, c; ascent for u, z
        W=np.array(W) - MU * np.array(d_W), V=np.array(V) - MU * np.array(d_V),
        b=np.array(B) - MU * np.array(d_b), c=np.array(C) - MU * np.array(d_c),
        u=np.array(U) + MU * np.array(d_u), z=Z + MU * d_z)


@pytest.mark.parametrize('adversarial', [True, False])
def test_one_update_is_algorithm_1_by_hand(adversarial):
    network = fixed_network(adversarial)
    network.update(np.array(X_I), Y_I, np.array(X_J))
    for name, value in by_hand(adversarial).items():
        np.testing.assert_allclose(getattr(network, name), value, rtol=1e-12, err_msg=name)


@pytest.mark.parametrize('adversarial', [True, False])
def test_the_updates_are_gradients_of_the_saddle_point_objective(adversarial):
    """With G_d the probability of the source and F = lambda (log G_d(h_i) + log(1 - G_d(h_j))):
    (ΔW, Δb) = d(L_y + F)/d(W, b) for DANN, d L_y / d(W, b) for the NN; (ΔV, Δc) = d L_y;
    (Δu, Δz) = dF / d(u, z), which u, z ascend."""
    deltas = fixed_network(adversarial).deltas(np.array(X_I), Y_I, np.array(X_J))
    params = {name: torch.tensor(value, dtype=torch.float64, requires_grad=True)
              for name, value in dict(W=W, b=B, V=V, c=C, u=U, z=Z).items()}
    x_i, x_j = torch.tensor(X_I, dtype=torch.float64), torch.tensor(X_J, dtype=torch.float64)

    def hidden(x):
        return torch.sigmoid(params['W'] @ x + params['b'])

    def domain(h):
        return torch.sigmoid(params['u'] @ h + params['z'])

    label_loss = -torch.log_softmax(params['V'] @ hidden(x_i) + params['c'], 0)[Y_I]
    f = LAMBDA * (torch.log(domain(hidden(x_i))) + torch.log(1 - domain(hidden(x_j))))
    network_params = [params[name] for name in 'WbVc']
    grads = torch.autograd.grad(label_loss + (f if adversarial else 0 * f), network_params,
                                retain_graph=True)
    grads += torch.autograd.grad(f, [params['u'], params['z']])
    for name, grad in zip('WbVcuz', grads):
        np.testing.assert_allclose(deltas[name], grad.numpy(), rtol=1e-10, err_msg=name)


def test_the_standard_nn_sends_nothing_of_the_domain_regressor_into_its_hidden_layer():
    plain, heavy = fixed_network(adversarial=False), fixed_network(adversarial=False)
    heavy.u = heavy.u * 50
    first, second = (network.deltas(np.array(X_I), Y_I, np.array(X_J))
                     for network in (plain, heavy))
    for name in 'Wb':
        np.testing.assert_array_equal(first[name], second[name])
    assert not np.allclose(first['u'], second['u'])  # the regressor itself still learns


def test_fit_initialises_as_lines_3_and_4_and_refuses_bad_samples():
    network = ShallowDANN(num_hidden=15, seed=0)
    network.init(num_inputs=2, num_classes=2)
    assert network.W.shape == (15, 2) and network.V.shape == (2, 15)
    assert not network.b.any() and not network.c.any() and not network.u.any()
    assert network.z == 0.0 and network.W.std() > 0
    with pytest.raises(ValueError, match='2 source inputs, 1 labels'):
        network.fit(np.zeros((2, 2)), np.zeros(1, dtype=int), np.zeros((3, 2)), epochs=1)


def test_on_the_rotated_moons_dann_beats_the_standard_nn():
    """Sec. 5.1.1 (target rotated 35 degrees, 15 hidden units, lambda = 6), seed 0, 100 epochs
    (about a second each): NN 68.3 %, DANN 85.3 % on the target here; the NN fits the source."""
    data = moons_tool.moons_pair(seed=0)
    networks = moons_tool.train_both(data, seed=0, epochs=100)
    accuracy = {name: moons_tool.target_accuracy(network, data)
                for name, network in networks.items()}
    assert accuracy['DANN'] >= accuracy['Standard NN'] + 10.0, accuracy
    source_x, source_y = data[:2]
    assert (networks['Standard NN'].predict(source_x) == source_y).mean() > 0.95
