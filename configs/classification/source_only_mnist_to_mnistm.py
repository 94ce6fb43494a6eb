# Source only, MNIST -> MNIST-M (Ganin et al., JMLR 2016, Table 2, "Source only"):
# the twin of dann_mnist_to_mnistm.py without the domain classifier. Same network (Fig. 4a),
# data and schedule (SGD momentum 0.9, lr 0.01 annealed, 64 + 64 per batch, 30,000 iterations;
# SourceOnly reads the source half of each pair).
_base_ = [
    '_base_/models/dann_mnist.py',
    '_base_/datasets/mnist_to_mnistm.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
