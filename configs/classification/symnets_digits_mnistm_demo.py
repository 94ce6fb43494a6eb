# SymNets on the embedded digits pair built as MNIST-M was (tools/make_digits.py --target
# mnistm): printed digits -> the same digits over photo patches, the analogue of DANN's
# MNIST -> MNIST-M (JMLR 2016, Table 2). Network, method and schedule of symnets_digits_demo.py
# (its header says which paper each value follows); data _base_/datasets/digits_mnistm_demo.py.
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '../_base_/methods/symnets.py',
]
optim_wrapper = dict(head=dict(optimizer=dict(lr=0.1)))  # Cs/Ct at 10x G's 0.01 (Sec. 4.1)
