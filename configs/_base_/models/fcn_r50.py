# ResNet-50 FCN (ADR paper, appendix D): the ResNet is the generator G, the FCN decoder
# with dropout is the classifier C (its score convs are the classifier layer a method with
# the narrow split takes alone). ImageNet weights come from the torch hub cache. The SynthCity
# leaves set ResNet-18 from scratch (depth=18, pretrained=None) with a 128-wide decoder.
# K = 19: the label space of Cityscapes, which GTA5 and SynthCity share (they store Cityscapes
# label ids; the 19 training classes of segda/datasets/cityscapes_labels.py, which the
# datasets declare in their metainfo). The decoder's num_classes is filled in from the task's.
num_classes = 19
model = dict(
    type='SourceOnly',
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(
        type='Segmentor',
        backbone=dict(type='ResNet', depth=50, pretrained='torchvision://resnet50'),
        decoder=dict(type='FCNDecoder', channels=512, dropout=0.5, dropout_sites=('fc6', 'fc7')),
        num_classes=num_classes, ignore_index=255))
