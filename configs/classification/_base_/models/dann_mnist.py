# DANN's MNIST architecture (Ganin et al., JMLR 2016, Fig. 4a): G = conv 5x5 32 -> pool ->
# conv 5x5 48 -> pool; C = fc 100 -> fc 100 -> fc 10 (DigitConvNet / DigitHead
# arch='dann_mnist'), on three-channel 28 x 28 inputs. Inputs mean-subtracted (Sec. 5.2.2)
# and scaled to [-1, 1].
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='DigitConvNet', arch='dann_mnist', in_channels=3),
              head=dict(type='DigitHead', arch='dann_mnist', dropout=0.0),
              num_classes=10))
