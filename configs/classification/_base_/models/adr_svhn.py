# ADR's SVHN -> MNIST network (Saito et al., ICLR 2018, Sec. 4.2): DANN's SVHN architecture
# with BatchNorm before each activation, dropout in C, the critic (DigitConvNet / DigitHead
# arch='adr_svhn'), 32 x 32 colour inputs scaled to [-1, 1].
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='DigitConvNet', arch='adr_svhn', in_channels=3),
              head=dict(type='DigitHead', arch='adr_svhn', dropout=0.5),
              num_classes=10))
