# ADR on the embedded digits pair built as MNIST-M was (tools/make_digits.py --target
# mnistm): printed digits -> the same digits over photo patches, the analogue of DANN's
# MNIST -> MNIST-M (JMLR 2016, Table 2). Network, method and schedule of adr_digits_demo.py
# (its header says which paper each value follows); data _base_/datasets/digits_mnistm_demo.py.
_base_ = [
    '_base_/digits_demo_adam.py',  # network, ADR's Adam, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '../_base_/methods/adr.py',
]
method = dict(clean_head=True)  # C', a dropout-free copy of C on source features (app. D)
