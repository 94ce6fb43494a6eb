# SymNets on the embedded digits pair (Zhang et al., CVPR 2019, Sec. 3): Cs = the LeNet
# head's final Linear, Ct a second one, everything below (the head's fc 500, BN, ReLU and
# dropout included) is G; lambda_p ramped as DANN's; predictions from Ct. Source and target
# forwarded separately (domain_bn='separate', each normalised by its own BatchNorm batch, as
# the official code). Network and data of source_only_digits_demo.py; SymNets' own schedule
# (SGD, momentum 0.9, annealed lr: _base_/digits_demo_sgd.py, the classifiers at 10x
# below).
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_demo.py',
    '../_base_/methods/symnets.py',
]
optim_wrapper = dict(head=dict(optimizer=dict(lr=0.1)))  # Cs/Ct at 10x G's 0.01 (Sec. 4.1)
