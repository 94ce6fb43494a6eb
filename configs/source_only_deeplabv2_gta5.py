# Source only: DeepLabv2-ResNet-101 trained on GTA5 labels with DAFormer's pipeline (512x512
# crops), evaluated on Cityscapes val: the literature's baseline model.
_base_ = [
    '_base_/models/deeplabv2_r101.py',
    '_base_/datasets/gta5_daformer.py',
    '_base_/methods/source_only.py',
    '_base_/schedules/sgd_invlr_40k.py',
]
