# ENT, ADR's entropy baseline (Saito et al., ICLR 2018, appendix A), on the embedded digits
# pair: ADR's three steps with the dropout discrepancy replaced by the entropy of C's target
# predictions. Network, data and schedule of source_only_digits_demo.py.
_base_ = [
    '_base_/models/adr_lenet_rgb.py',
    '_base_/datasets/digits_demo.py',
    '../_base_/methods/ent.py',
    '_base_/schedules/digits_demo_cpu.py',
    '_base_/digits_demo_runtime.py',
]
