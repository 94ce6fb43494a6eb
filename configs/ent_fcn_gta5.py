# ENT, the entropy baseline of the ADR paper (appendix A), GTA5 -> Cityscapes: ADR's loop with
# target entropy as the critic (ADR's block, _base_/methods/adr.py, with type='ENT'). The ADR
# paper reports it below source only on GTA5 -> Cityscapes.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5_to_cityscapes.py',
    '_base_/methods/adr.py',
    '_base_/schedules/parts_sgd.py',  # and target_entropy/im/snd at each validation
]
method = dict(type='ENT')  # C maximises, G minimises the target entropy (`discrepancy` unused)
