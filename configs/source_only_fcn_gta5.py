# Source only: ResNet-50 FCN trained on GTA5 labels, evaluated on Cityscapes val.
# The lower bound every adaptation method is compared with.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5.py',
    '_base_/methods/source_only.py',
    '_base_/schedules/sgd_invlr_40k.py',
]
