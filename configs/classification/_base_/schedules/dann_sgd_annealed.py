# DANN's digit schedule (Ganin et al., JMLR 2016, Sec. 5.2.2): SGD with momentum 0.9,
# mu_p = mu_0 / (1 + alpha p)^beta with mu_0 = 0.01, alpha = 10, beta = 0.75 (InvLR, p =
# iteration / max_iters), 64 source + 64 target images per batch (batch 128, half and half).
# The paper states no number of iterations: 30,000 here (32 epochs of MNIST's 60,000).
# One optimiser per part (a method's own part, DANN's D, gets the head's: `method_parts`).
# Runtime: ../../../_base_/default_runtime.py's, logs every 100 iterations; validation on the
# target's test split once, at the end of training (val_interval = max_iters): the benchmarks
# evaluate the LAST checkpoint, none is selected on target labels.
_base_ = ['../../../_base_/default_runtime.py']
default_hooks = dict(logger=dict(interval=100))
sgd = dict(type='SGD', lr=0.01, momentum=0.9)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
param_scheduler = [dict(type='InvLR', alpha=10.0, beta=0.75, by_epoch=False)]
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=30000, val_interval=30000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
