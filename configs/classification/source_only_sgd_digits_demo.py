# Source only on the digits pair under DANN's and SymNets' schedule (SGD, momentum 0.9,
# annealed lr: _base_/digits_demo_sgd.py): the baseline of dann_ and
# symnets_digits_demo.py, since a paper's source-only row trains with the method's schedule.
# Network and data of source_only_digits_demo.py.
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_demo.py',
    '../_base_/methods/source_only.py',
]
