# Source only, SVHN -> MNIST in DANN's protocol (Ganin et al., JMLR 2016, Table 2, "Source
# only"): the twin of dann_svhn_to_mnist.py without the domain classifier; SVHN
# architecture (Fig. 4b), SGD momentum 0.9 at a constant lr 0.01, 64 + 64 per batch, 30,000
# iterations. (ADR's source-only row, 67.1 in its Table 1, uses ADR's network:
# adr_svhn_to_mnist.py's model and schedule.)
_base_ = [
    '_base_/models/dann_svhn.py',
    '_base_/datasets/svhn_to_mnist.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
param_scheduler = []  # DANN Sec. 5.2.4: no learning-rate annealing for SVHN <-> MNIST
