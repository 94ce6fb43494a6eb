# DANN on SynthCity (the twin of dann_fcn_gta5.py): per-pixel discriminator (128, 128 on
# ResNet-18's 512 channels) on the deepest map behind a gradient reversal layer, lambda_p
# ramped from 0 to 1.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/dann.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
# ResNet-18 FCN from scratch (no ImageNet weights), a 128-wide decoder.
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
