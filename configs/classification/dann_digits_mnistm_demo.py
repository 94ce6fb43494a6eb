# DANN on the embedded digits pair built as MNIST-M was (tools/make_digits.py --target
# mnistm): printed digits -> the same digits over photo patches, the analogue of DANN's
# MNIST -> MNIST-M (JMLR 2016, Table 2). Network, method and schedule of dann_digits_demo.py
# (its header says which paper each value follows); data _base_/datasets/digits_mnistm_demo.py.
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '_base_/methods/dann_digits.py',
]
# Source and target forwarded separately, each normalised by its own BatchNorm batch: chosen
# without target labels (docs/benchmarks.md, "DANN: joint or separate BatchNorm").
method = dict(domain_bn='separate')
