# ResNet-18 FCN from scratch (no ImageNet weights): the small model of the SynthCity configs.
_base_ = ['./fcn_r50.py']
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
