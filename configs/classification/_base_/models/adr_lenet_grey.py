# ADR's USPS <-> MNIST network (Saito et al., ICLR 2018, Sec. 4.2): ADDA's LeNet with
# BatchNorm before each activation and dropout in C, the critic (DigitConvNet / DigitHead
# arch='adr_lenet'), on grey 28 x 28 inputs scaled to [-1, 1].
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,), std=(127.5,)),
    task=dict(type='Classifier',
              backbone=dict(type='DigitConvNet', arch='adr_lenet', in_channels=1),
              head=dict(type='DigitHead', arch='adr_lenet', dropout=0.5),
              num_classes=10))
