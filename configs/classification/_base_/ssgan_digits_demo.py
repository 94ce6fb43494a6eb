# The embedded semi-supervised GAN set-up on a CPU (./datasets/ssgan_digits_demo.py): one
# network, one optimiser and one length for ADR's semi-supervised GAN and the labelled-only
# baseline, so that the comparison changes the training alone.
#
# Network: a small SalimansCritic (Salimans et al. 2016's critic with widths 16 / 32 instead of
# 96 / 192, BatchNorm as ADR on SVHN, input dropout 0.2, dropout 0.5) and a linear head,
# 28 x 28 colour inputs scaled to [-1, 1]. The ADR leaf adds a small SalimansGenerator.
# Optimiser: Adam, beta1 0.5 (Salimans et al.'s code; ADR does not say), one per part, lr 2e-3:
# ten times ADR's 2e-4 (appendix E), because the run is short: 150 iterations of 16 + 16
# images (under a minute on one CPU core; at 2e-4 neither method leaves chance level in that
# many). The test split is evaluated at the end (the benchmark reports the last checkpoint).
_base_ = ['../../_base_/default_runtime.py']
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='SalimansCritic', in_channels=3, widths=(16, 32),
                            norm='batch_norm'),
              head=dict(type='ClassificationHead', hidden=(), dropout=0.0),
              num_classes=10))
adam = dict(type='Adam', lr=2e-3, betas=(0.5, 0.999))
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=150, val_interval=150)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(logger=dict(interval=100),
                     checkpoint=dict(interval=1000000, max_keep_ckpts=1))
env_cfg = dict(cudnn_benchmark=False)
