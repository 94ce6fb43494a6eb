# DANN's Office network on a ResNet-50 (Ganin et al., JMLR 2016, Sec. 5.2.4, footnote 5):
# G = the ImageNet ResNet-50 up to pool5 and a 256-d bottleneck (PooledResNet bottleneck=256);
# C = one fully connected layer to the K classes. ImageNet weights from the torch hub cache
# (never downloaded, segda/models/backbones/pretrained.py). K = 31, Office-31's 31 classes.
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(type='Classifier',
              backbone=dict(type='PooledResNet', depth=50, pretrained='torchvision://resnet50',
                            bottleneck=256),
              head=dict(type='ClassificationHead', hidden=(), dropout=0.0, norm=False),
              num_classes=31))
