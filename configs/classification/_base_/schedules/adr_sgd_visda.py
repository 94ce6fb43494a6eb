# ADR's VisDA-2017 schedule (Saito et al., ICLR 2018, appendix C): SGD, lr 1e-3 (momentum
# 0.9, not stated in the paper), 32 source + 32 target images per batch, 20 epochs of the
# 152,397 source images: 95,000 iterations (152,397 x 20 / 32 = 95,248). One optimiser per
# part (ADR's C' gets the head's: `method_parts`).
# Runtime: ../../../_base_/default_runtime.py's, logs every 100 iterations; validation on the
# target's test split once, at the end of training (val_interval = max_iters): the benchmarks
# evaluate the LAST checkpoint, none is selected on target labels.
_base_ = ['../../../_base_/default_runtime.py']
default_hooks = dict(logger=dict(interval=100))
sgd = dict(type='SGD', lr=1e-3, momentum=0.9)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=95000, val_interval=95000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
