# DeepLabv2 with a ResNet-101 (Chen et al., TPAMI 2018): the model of most GTA5 -> Cityscapes
# results since 2018 (AdaptSegNet, ADVENT, DACS, DAFormer's baselines). G = the ResNet dilated
# to output stride 8 (layer3 dilation 2, layer4 dilation 4), C = element-wise dropout on its
# last map then the ASPP (3x3 convs with dilations 6, 12, 18, 24, summed). The dropout is ADR's
# site in C (segda/models/decoders/deeplabv2.py says why); every method's config has it, so
# they compare one network (dropout=0: the literature's DeepLabv2). BatchNorm is frozen at the
# ImageNet statistics, as AdaptSegNet and ADVENT train it at batch size 1. ImageNet weights
# come from the torch hub cache. The SynthCity leaves set a ResNet-50 from scratch with
# BatchNorm trained (depth=50, pretrained=None, frozen_bn=False: torchvision dilates only
# bottleneck ResNets, so ResNet-50 is the smallest at output stride 8). K = 19, the Cityscapes
# label space of GTA5 and SynthCity (as ./fcn_r50.py).
num_classes = 19
model = dict(
    type='SourceOnly',
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(
        type='Segmentor',
        backbone=dict(type='ResNet', depth=101, pretrained='torchvision://resnet101',
                      out_indices=(4,), output_stride=8, frozen_bn=True),
        decoder=dict(type='DeepLabV2Decoder', dropout=0.5, dilations=(6, 12, 18, 24)),
        num_classes=num_classes, ignore_index=255))
