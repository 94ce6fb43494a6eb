# The embedded pair's CPU schedule, shared by every method so that the comparison changes the
# training rule alone: ADR's digit optimiser (Adam, lr 2e-4, appendix B; one per part),
# 800 iterations (of 32 source + 32 target images, _base_/datasets/digits_demo.py).
adam = dict(type='Adam', lr=2e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=800, val_interval=800)
