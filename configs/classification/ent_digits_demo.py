# ENT, ADR's entropy baseline (Saito et al., ICLR 2018, appendix A), on the embedded digits
# pair: ADR's three steps with the dropout discrepancy replaced by the entropy of C's target
# predictions. Network, data and schedule of source_only_digits_demo.py.
_base_ = [
    '_base_/digits_demo_adam.py',  # network, ADR's Adam, 3,000 iterations, runtime
    '_base_/datasets/digits_demo.py',
    '../_base_/methods/adr.py',
]
method = dict(type='ENT')  # C maximises, G minimises the target entropy (`discrepancy` unused)
