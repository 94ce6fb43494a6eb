# ADR's digit schedule (Saito et al., ICLR 2018, Sec. 4.2 and appendix B): Adam, lr 2e-4,
# 128 source + 128 target images per batch, Steps 1-3 repeated 20,000 times (the score after
# the last). One optimiser per part (ADR's C' gets the head's: `method_parts`).
adam = dict(type='Adam', lr=2e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=20000, val_interval=20000)
