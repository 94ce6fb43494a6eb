# ENT, the entropy baseline of the ADR paper (appendix A): ADR's three steps with the
# dropout discrepancy replaced by the entropy of C's target predictions (C maximises it,
# G minimises it). The ADR paper reports it below source only on GTA5 -> Cityscapes.
_base_ = ['./adr_fcn_gta5.py']
model = dict(type='ENT')
