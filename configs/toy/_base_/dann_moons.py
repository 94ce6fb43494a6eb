# The toy set-up of DANN (JMLR 2016) Sec. 5.1.1: inter-twinning moons, 150 points per moon;
# the target is a fresh sample generated the same way, rotated by 35 degrees, unlabelled.
#
# Data: Gaussian noise 0.1 (not stated), rotation about the origin of the drawing plane
# (TwoMoonsDataset, center='origin'; DANN's released code turns the moons about their mean,
# a milder shift, center='mean'). Validation on the same target sample with its labels
# (transductive, as the paper's Fig. 2).
#
# Network (Sec. 4.1, Eq. 4): one hidden layer of 15 sigmoid neurons is G, a linear softmax
# layer is C. The standard NN of the paper shares it (source_only_shallow_two_moons.py).
#
# Schedule: the paper runs Algorithm 1 (one source and one target point per SGD step, rate
# not stated for the toy; its released code: 0.05 for 500 epochs). Here Adam, lr 1e-2,
# batches of 32 source + 32 target points, 2000 iterations: seconds on a CPU.
_base_ = ['./moons_data.py', './toy_schedule.py']
train_dataloader = dict(batch_size=32, dataset=dict(target=dict(rotation=35.0)))
val_dataloader = dict(dataset=dict(rotation=35.0))
test_dataloader = val_dataloader

model = dict(
    data_preprocessor=dict(type='BaseDataPreprocessor'),
    task=dict(type='Classifier',
              backbone=dict(type='MLP', in_channels=2, hidden=(15,), norm=False,
                            act='sigmoid'),
              head=dict(type='ClassificationHead', hidden=(), dropout=0.0, norm=False),
              num_classes={{_base_.num_classes}}))

train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=2000, val_interval=2000)
