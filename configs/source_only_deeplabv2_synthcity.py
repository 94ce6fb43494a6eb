# Source only on SynthCity (the twin of source_only_deeplabv2_gta5.py): DeepLabv2 on a
# ResNet-50 from scratch at output stride 8, 256x128 inputs.
_base_ = [
    '_base_/models/deeplabv2_r101.py',
    '_base_/datasets/synthcity.py',
    '_base_/methods/source_only.py',
    '_base_/schedules/synthcity_cpu.py',
]
# DeepLabv2 on a ResNet-50 from scratch (no ImageNet weights, BatchNorm trained).
model = dict(task=dict(backbone=dict(depth=50, pretrained=None, frozen_bn=False)))
