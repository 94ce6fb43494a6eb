# The SynthCity source-only runs on a CPU: from scratch, so a larger base learning rate;
# 1000 iterations; logs every 20 iterations, a checkpoint every 500 (the runtime otherwise
# ../default_runtime.py's).
_base_ = ['../default_runtime.py']
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=500))
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4))
param_scheduler = [dict(type='InvLR', alpha=10.0, beta=0.75, by_epoch=False)]
# ResumableIterBasedTrainLoop: mmengine's loop with a cheap, exact resume (segda/engine/loops.py).
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=1000, val_interval=1000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
