# SymNets' network (Zhang et al., CVPR 2019, Sec. 4.1): G = the ImageNet ResNet-50 without
# its last FC layer (pool5 features, PooledResNet); C = one fully connected layer to the K
# classes, Cs of SymNets (the method adds Ct). ImageNet weights from the torch hub cache
# (never downloaded).
# K: the leaf's, the class count of its benchmark (Office-31 31, Office-Home 65, ImageCLEF-DA 12).
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(type='Classifier',
              backbone=dict(type='PooledResNet', depth=50, pretrained='torchvision://resnet50'),
              head=dict(type='ClassificationHead', hidden=(), dropout=0.0, norm=False)))
