# ResNet-50 FCN (ADR paper, appendix D): the ResNet is the generator G, the FCN decoder
# with dropout is the classifier C (its score convs are the classifier layer a method with
# the narrow split takes alone). ImageNet weights come from the torch hub cache. K comes
# from the label space (the decoder's num_classes is filled in from the task's).
_base_ = ['../datasets/cityscapes_classes.py']
model = dict(
    type='SourceOnly',
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(
        type='Segmentor',
        backbone=dict(type='ResNet', depth=50, pretrained='torchvision://resnet50'),
        decoder=dict(type='FCNDecoder', channels=512, dropout=0.5, dropout_sites=('fc6', 'fc7')),
        num_classes={{_base_.num_classes}}, ignore_index=255))
