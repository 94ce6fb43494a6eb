# Source only, MNIST -> SVHN in DANN's protocol (Ganin et al., JMLR 2016, Sec. 5.2.4: "the
# non-adapted model ... achieves about 0.25 accuracy"): the twin of dann_mnist_to_svhn.py
# without the domain classifier; SVHN architecture (Fig. 4b), SGD momentum 0.9 at a constant
# lr 0.01, 64 + 64 per batch, 30,000 iterations.
_base_ = [
    '_base_/models/dann_svhn.py',
    '_base_/datasets/mnist_to_svhn.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
param_scheduler = []  # DANN Sec. 5.2.4: no learning-rate annealing for SVHN <-> MNIST
