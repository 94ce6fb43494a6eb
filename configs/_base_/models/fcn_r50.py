# ResNet-50 FCN (ADR paper, appendix D): the ResNet is the generator G, the FCN decoder
# with dropout is the classifier C. ImageNet weights come from the torch hub cache.
model = dict(
    type='SourceOnly',
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(
        type='Segmentor',
        backbone=dict(type='ResNet', depth=50, pretrained='torchvision://resnet50'),
        decoder=dict(type='FCNDecoder', num_classes=19, channels=512, dropout=0.5,
                     dropout_sites=('fc6', 'fc7')),
        num_classes=19, ignore_index=255))
