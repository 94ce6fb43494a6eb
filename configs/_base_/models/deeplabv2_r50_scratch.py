# DeepLabv2 with a ResNet-50 from scratch (no ImageNet weights, BatchNorm trained): the small
# model of the DeepLabv2 SynthCity configs. torchvision dilates only bottleneck ResNets
# (depth 50 and up), so ResNet-50 is the smallest at output stride 8.
_base_ = ['./deeplabv2_r101.py']
model = dict(task=dict(backbone=dict(depth=50, pretrained=None, frozen_bn=False)))
