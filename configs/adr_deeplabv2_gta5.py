# ADR (Saito et al., ICLR 2018), GTA5 -> Cityscapes with DeepLabv2-ResNet-101 and DAFormer's
# pipeline. C, the critic, is the dropout on layer4's map plus the ASPP (where the dropout is
# and why: segda/models/decoders/deeplabv2.py); the three steps: _base_/methods/adr.py.
_base_ = [
    '_base_/models/deeplabv2_r101.py',
    '_base_/datasets/gta5_daformer_to_cityscapes.py',
    '_base_/methods/adr.py',
    '_base_/schedules/parts_sgd.py',  # and target_entropy/im/snd at each validation
]
