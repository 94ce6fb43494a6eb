# The embedded pair's CPU schedule: SGD momentum 0.9 at a fixed learning rate (Sec. 5.3.2)
# raised to 0.01 (0.001 in the paper, whose 20k iterations do not fit a CPU minute), each
# part's gradient norm clipped at 10 (at lr 0.01 without clipping DANN's features blew up:
# NaN at iteration 105 of seed 0), one optimiser per part, 300 iterations, validated every
# 100 (the last one is the result). The same for source only, DANN and the oracle. Runtime:
# ../../../_base_/default_runtime.py's, logs every 100 iterations, a checkpoint every 5,000.
_base_ = ['../../../_base_/default_runtime.py']
default_hooks = dict(logger=dict(interval=100), checkpoint=dict(interval=5000))
sgd = dict(type='SGD', lr=0.01, momentum=0.9)
clip = dict(max_norm=10.0)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd, clip_grad=clip),
    head=dict(type='OptimWrapper', optimizer=sgd, clip_grad=clip))
param_scheduler = []
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=300, val_interval=100)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
