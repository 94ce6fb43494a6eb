# ADR on the embedded digits pair (Saito et al., ICLR 2018, Sec. 3.2 and 4.2): C, ADR's
# LeNet classifier with its dropout, is the critic; n = 4 generator steps, symmetric KL.
# The clean classifier C' (a dropout-free copy of C trained on the source features,
# appendix D) is evaluated alongside C. Network, data and schedule of
# source_only_digits_demo.py.
_base_ = [
    '_base_/digits_demo_adam.py',  # network, ADR's Adam, 3,000 iterations, runtime
    '_base_/datasets/digits_demo.py',
    '../_base_/methods/adr.py',
]
method = dict(clean_head=True)  # C', a dropout-free copy of C on source features (app. D)
