# Domain confusion (SymNets Table 4's baseline, Eq. 1-4) on the embedded digits pair: the
# method block _base_/methods/domain_confusion_digits.py (which paper each value follows);
# network and data of source_only_digits_demo.py; DANN's schedule for G, C and D (SGD,
# momentum 0.9, annealed lr, _base_/schedules/digits_demo_sgd.py), as SymNets follows
# DANN's (Sec. 4.1).
_base_ = [
    '_base_/models/adr_lenet_rgb.py',
    '_base_/datasets/digits_demo.py',
    '_base_/methods/domain_confusion_digits.py',
    '_base_/schedules/digits_demo_sgd.py',
    '_base_/digits_demo_runtime.py',
]
