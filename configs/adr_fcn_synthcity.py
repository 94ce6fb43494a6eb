# ADR on SynthCity (the twin of adr_fcn_gta5.py): ResNet-18 FCN from scratch, 256x128,
# trainable on a 2-core CPU. See adr_fcn_gta5.py for the three steps.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/adr.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
# ResNet-18 FCN from scratch (no ImageNet weights), a 128-wide decoder.
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
