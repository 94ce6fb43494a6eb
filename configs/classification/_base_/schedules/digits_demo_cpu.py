# The embedded digits pairs' CPU schedule: ADR's digit optimiser (Saito et al., ICLR 2018,
# Sec. 4.2: Adam, lr 2e-4; one per part), used by ADR, ENT, source only and the oracle.
# DANN and SymNets train with their own papers' SGD schedule (digits_demo_sgd.py),
# which inherits the iterations set here (of 32 source + 32
# target images, _base_/datasets/digits_demo.py). 3,000 iterations: where DANN's domain loss
# and SymNets' six terms have flattened (from about iteration 1,500-2,100 of a 3,000-iteration
# run, seed 0; docs/benchmarks.md); the target is evaluated at 1,000, 2,000 and 3,000 for the
# record only, the benchmarks report the last checkpoint.
adam = dict(type='Adam', lr=2e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=3000, val_interval=1000)
