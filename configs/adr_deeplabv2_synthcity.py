# ADR on SynthCity (the twin of adr_deeplabv2_gta5.py): DeepLabv2 on a ResNet-50 from scratch
# at output stride 8, 256x128. See adr_fcn_gta5.py for the three steps.
_base_ = [
    '_base_/models/deeplabv2_r101.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/adr.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
# DeepLabv2 on a ResNet-50 from scratch (no ImageNet weights, BatchNorm trained).
model = dict(task=dict(backbone=dict(depth=50, pretrained=None, frozen_bn=False)))
