# The SynthCity adaptation runs on a CPU, the twins of ./parts_sgd.py's GTA5 runs: one SGD
# optimiser per part, InvLR, the label-free scores at every validation (what they are:
# ./parts_sgd.py); from scratch, so a larger base learning rate (1e-2); 1000 iterations; logs
# every 20 iterations, a checkpoint every 500 (the runtime otherwise ../default_runtime.py's).
_base_ = ['../default_runtime.py']
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=500))
sgd = dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
param_scheduler = [dict(type='InvLR', alpha=10.0, beta=0.75, by_epoch=False)]
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=1000, val_interval=1000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
custom_hooks = [
    dict(type='LabelFreeScoreHook', num_images=16, pixels_per_image=128, seed=0),
]
