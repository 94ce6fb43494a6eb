# DANN (Ganin et al., JMLR 2016), GTA5 -> Cityscapes with a ResNet-50 FCN: a per-pixel
# discriminator (512, 512) on the deepest ResNet map behind a gradient reversal layer
# (_base_/methods/dann.py), trained by its own SGD.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5_to_cityscapes.py',
    '_base_/methods/dann.py',
    '_base_/schedules/parts_sgd.py',  # and target_entropy/im/snd at each validation
]
