# ADR, Adversarial Dropout Regularization (Saito et al., ICLR 2018, Sec. 3.2 and appendix D),
# GTA5 -> Cityscapes with a ResNet-50 FCN at 1024x512, batch 1, SGD as in the paper
# (the three steps: _base_/methods/adr.py).
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5_to_cityscapes.py',
    '_base_/methods/adr.py',
    '_base_/schedules/parts_sgd.py',  # and target_entropy/im/snd at each validation
]
