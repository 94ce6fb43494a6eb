# ENT, the entropy baseline of the ADR paper (appendix A), GTA5 -> Cityscapes: ADR's loop with
# target entropy as the critic (_base_/methods/ent.py). The ADR paper reports it below source
# only on GTA5 -> Cityscapes.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5_to_cityscapes.py',
    '_base_/methods/ent.py',
    '_base_/schedules/parts_sgd.py',
    '_base_/default_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
