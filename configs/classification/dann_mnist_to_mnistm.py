# DANN, MNIST -> MNIST-M (Ganin et al., JMLR 2016, Table 2: DANN 76.66). The MNIST architecture
# (Fig. 4a), domain classifier x -> 100 -> 1. DANN's schedule
# (_base_/schedules/dann_sgd_annealed.py): SGD momentum 0.9, lr 0.01 annealed (alpha 10, beta
# 0.75), 64 + 64 images per batch, 30,000 iterations (not stated in the paper), lambda_p ramped 0
# -> 1 (gamma 10).
_base_ = [
    '_base_/models/dann_mnist.py',
    '_base_/datasets/mnist_to_mnistm.py',
    '_base_/methods/dann_digits.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
