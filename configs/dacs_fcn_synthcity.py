# DACS on SynthCity (the CPU twin of dacs_deeplabv2_gta5.py): ResNet-18 FCN from scratch,
# 256x128, the SynthCity schedule of the other methods. The step: _base_/methods/dacs.py.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/dacs.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
# ResNet-18 FCN from scratch (no ImageNet weights), a 128-wide decoder.
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
