# DANN's GTSRB architecture (Ganin et al., JMLR 2016, Fig. 4c, after Ciresan et al.'s
# single-CNN baseline): G = conv 5x5 96 -> pool -> conv 3x3 144 -> pool -> conv 5x5 256 ->
# pool (2x2 stride 2, no padding; 40 x 40 -> 256 x 2 x 2 = 1024); C = fc 512 -> fc 43
# (DigitConvNet / DigitHead arch='dann_gtsrb'; the sizes are the figure's as public
# re-implementations read them, see the arch's docstring). No dropout and no max-norm (Sec.
# 5.2.2 uses them for the SVHN network only). Inputs mean-subtracted (Sec. 5.2.2) and
# scaled to [-1, 1], as the other DANN networks here.
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='DigitConvNet', arch='dann_gtsrb', in_channels=3),
              head=dict(type='DigitHead', arch='dann_gtsrb', dropout=0.0),
              num_classes=43))
