# DANN, MNIST -> SVHN (Ganin et al., JMLR 2016, Sec. 5.2.4): the failure case the paper
# reports (no gain over source only, about 0.25 accuracy; no table entry). The network and
# schedule of dann_svhn_to_mnist.py, the opposite direction: the SVHN architecture (Fig. 4b,
# dropout in C, l2 max-norm), domain classifier x -> 1024 -> 1024 -> 1 (Sec. 5.2.2), SGD
# momentum 0.9 at a constant lr 0.01 (no annealing for the SVHN <-> MNIST pairs, Sec. 5.2.4),
# 64 + 64 images per batch, 30,000 iterations (not stated in the paper), lambda_p ramped
# 0 -> 1 (gamma 10).
_base_ = [
    '_base_/models/dann_svhn.py',
    '_base_/datasets/mnist_to_svhn.py',
    '_base_/methods/dann_svhn_net.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
param_scheduler = []  # DANN Sec. 5.2.4: no learning-rate annealing for SVHN <-> MNIST
