# Domain confusion (SymNets Table 4's baseline, Eq. 1-4) on the embedded digits pair: the
# method block _base_/methods/domain_confusion_digits.py (which paper each value follows);
# network and data of source_only_digits_demo.py; DANN's schedule for G, C and D (SGD,
# momentum 0.9, annealed lr, _base_/digits_demo_sgd.py), as SymNets follows
# DANN's (Sec. 4.1).
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_demo.py',
    '_base_/methods/domain_confusion_digits.py',
]
