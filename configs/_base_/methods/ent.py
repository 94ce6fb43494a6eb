# ENT, the entropy baseline of the ADR paper (appendix A): ADR's three steps with the
# dropout discrepancy replaced by the entropy of C's target predictions (C maximises it,
# G minimises it). `discrepancy` is ADR's and unused here.
_base_ = ['./adr.py']
method = dict(type='ENT')
