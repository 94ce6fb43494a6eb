# DANN JMLR 2016 Sec. 5.3.2: SGD, learning rate fixed to 0.001, momentum 0.9 (no decay
# stated); one optimiser per part, so a method adds its own (DANN: the discriminator).
# 20,000 iterations (Sec. 5.3.3; the harder pairs' leaves set 50,000). Runtime:
# ../../../_base_/default_runtime.py's, logs every 100 iterations, a checkpoint every 5,000.
_base_ = ['../../../_base_/default_runtime.py']
default_hooks = dict(logger=dict(interval=100), checkpoint=dict(interval=5000))
sgd = dict(type='SGD', lr=0.001, momentum=0.9)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
param_scheduler = []
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=20000, val_interval=5000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
