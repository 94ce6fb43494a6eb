# DANN's SVHN architecture (Ganin et al., JMLR 2016, Fig. 4b): G = conv 5x5 64 -> pool 3x3
# -> conv 5x5 64 -> pool 3x3 -> conv 5x5 128; C = fc 3072 -> fc 2048 -> fc 10 with dropout
# (DigitConvNet / DigitHead arch='dann_svhn'), 32 x 32 colour inputs scaled to [-1, 1].
# Trained with dropout and the l2 max-norm constraint (Sec. 5.2.2, after Srivastava et al.
# 2014): each unit's incoming weights kept within norm c = 4 (MaxNormHook; DANN states no
# c, 4 is within the 3-4 Srivastava et al. used).
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='DigitConvNet', arch='dann_svhn', in_channels=3),
              head=dict(type='DigitHead', arch='dann_svhn', dropout=0.5),
              num_classes=10))
custom_hooks = [dict(type='MaxNormHook', max_norm=4.0, module='task')]
