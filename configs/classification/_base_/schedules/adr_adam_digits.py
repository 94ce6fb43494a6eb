# ADR's digit schedule (Saito et al., ICLR 2018, Sec. 4.2 and appendix B): Adam, lr 2e-4,
# 128 source + 128 target images per batch, Steps 1-3 repeated 20,000 times (the score after
# the last). One optimiser per part (ADR's C' gets the head's: `method_parts`).
# Runtime: ../../../_base_/default_runtime.py's, logs every 100 iterations; validation on the
# target's test split once, at the end of training (val_interval = max_iters): the benchmarks
# evaluate the LAST checkpoint, none is selected on target labels.
_base_ = ['../../../_base_/default_runtime.py']
default_hooks = dict(logger=dict(interval=100))
adam = dict(type='Adam', lr=2e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=20000, val_interval=20000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
