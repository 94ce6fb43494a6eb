# The fine-tuning schedule of SymNets (Zhang et al., CVPR 2019, Sec. 4.1), after DANN
# (JMLR 2016, Sec. 5.2.2): SGD with momentum 0.9; the classifier layers learn 10 times faster
# than the pretrained G: eta_p = eta_0 / (1 + alpha p)^beta, eta_0 = 0.01 for C and 0.001 for
# G, alpha = 10, beta = 0.75 (InvLR, p = iteration / max_iters); a batch of 128 taken as
# 64 source + 64 target images. Neither paper states the number of iterations: 10,000 here.
# Layers G adds on top of the ResNet (DANN's bottleneck) learn at C's rate (lr_mult 10).
# One optimiser per part (a method's own part, DANN's D, gets the head's: `method_parts`).
# Runtime: ../../../_base_/default_runtime.py's, logs every 100 iterations; validation on the
# target's test split once, at the end of training (val_interval = max_iters): the benchmarks
# evaluate the LAST checkpoint, none is selected on target labels.
_base_ = ['../../../_base_/default_runtime.py']
default_hooks = dict(logger=dict(interval=100))
sgd = dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=dict(sgd, lr=0.001),
                   paramwise_cfg=dict(custom_keys={'bottleneck': dict(lr_mult=10.0)})),
    head=dict(type='OptimWrapper', optimizer=sgd))
param_scheduler = [dict(type='InvLR', alpha=10.0, beta=0.75, by_epoch=False)]
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=10000, val_interval=10000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
