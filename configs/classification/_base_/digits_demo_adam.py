# The embedded digits pairs' set-up on a CPU (../datasets/digits_demo.py and
# ../datasets/digits_mnistm_demo.py): one network, one length and one runtime for every method
# on them, so that a comparison changes the training alone; ADR's optimiser, used by ADR, ENT,
# source only and the oracle (DANN, SymNets and domain confusion: ./digits_demo_sgd.py).
#
# Network: ADR's digit network (Saito et al., ICLR 2018, Sec. 4.2): ADDA's LeNet with
# BatchNorm before each activation and dropout in C, the critic (DigitConvNet / DigitHead
# arch='adr_lenet'), here on three-channel 28 x 28 inputs. Inputs scaled to [-1, 1].
#
# Schedule: ADR's digit optimiser (Sec. 4.2: Adam, lr 2e-4; one per part). 3,000 iterations
# (of 32 source + 32 target images, ./datasets/digits_demo.py): where DANN's domain loss and
# SymNets' six terms have flattened (from about iteration 1,500-2,100 of a 3,000-iteration
# run, seed 0; docs/benchmarks.md); the target is evaluated at 1,000, 2,000 and 3,000 for the
# record only, the benchmarks report the last checkpoint.
#
# Runtime: ../../_base_/default_runtime.py's, logs every 100 iterations, one checkpoint, at
# the end of training (the benchmark evaluates the last one), cudnn's benchmark off. Train
# with one thread per run (OMP_NUM_THREADS=1): more only oversubscribe the cores for this
# small network.
_base_ = ['../../_base_/default_runtime.py']
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='DigitConvNet', arch='adr_lenet', in_channels=3),
              head=dict(type='DigitHead', arch='adr_lenet', dropout=0.5),
              num_classes=10))
adam = dict(type='Adam', lr=2e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=3000, val_interval=1000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(logger=dict(interval=100),
                     checkpoint=dict(interval=1000000, max_keep_ckpts=1))
env_cfg = dict(cudnn_benchmark=False)
