# ADR's VisDA-2017 network (Saito et al., ICLR 2018, Sec. 4.2): G = the ImageNet ResNet-101
# "after removing the top fully connected layer" (pool5, PooledResNet depth=101); C = three
# fully connected layers with dropout, the critic: dropout -> fc 1000 -> BN -> ReLU ->
# dropout -> fc 1000 -> BN -> ReLU -> dropout -> fc K (ClassificationHead; the paper states three
# layers with dropout, the hidden width 1000 is this config's choice). ImageNet weights from the
# torch hub cache (never downloaded). K = 12, VisDA-2017's 12 classes.
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(type='Classifier',
              backbone=dict(type='PooledResNet', depth=101, pretrained='torchvision://resnet101'),
              head=dict(type='ClassificationHead', hidden=(1000, 1000), dropout=0.5,
                        dropout_sites=('hidden', 'logits')),
              num_classes=12))
