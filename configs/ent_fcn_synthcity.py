# ENT on SynthCity (the twin of ent_fcn_gta5.py): ADR's loop with target entropy as the critic.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/adr.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
method = dict(type='ENT')  # C maximises, G minimises the target entropy (`discrepancy` unused)
# ResNet-18 FCN from scratch (no ImageNet weights), a 128-wide decoder.
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
