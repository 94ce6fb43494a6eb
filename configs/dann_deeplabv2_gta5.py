# DANN (Ganin et al., JMLR 2016), GTA5 -> Cityscapes with DeepLabv2-ResNet-101 and DAFormer's
# pipeline: a per-pixel discriminator (512, 512) on layer4's map (2048 channels, stride 8)
# behind a gradient reversal layer (_base_/methods/dann.py), trained by its own SGD.
_base_ = [
    '_base_/models/deeplabv2_r101.py',
    '_base_/datasets/gta5_daformer_to_cityscapes.py',
    '_base_/methods/dann.py',
    '_base_/schedules/parts_sgd.py',  # and target_entropy/im/snd at each validation
]
