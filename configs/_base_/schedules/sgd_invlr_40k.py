# SGD with momentum 0.9 and the papers' annealing mu_p = mu_0 / (1 + 10 p)^0.75.
# InvLR's `end` defaults to train_cfg.max_iters, so overriding max_iters keeps p = iter / max_iters.
# The runtime (hooks, logging, checkpoints) is ../default_runtime.py's.
_base_ = ['../default_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4))
param_scheduler = [dict(type='InvLR', alpha=10.0, beta=0.75, by_epoch=False)]
# ResumableIterBasedTrainLoop: mmengine's loop with a cheap, exact resume (segda/engine/loops.py).
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=40000, val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
