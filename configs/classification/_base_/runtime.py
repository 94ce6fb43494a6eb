# Runtime of the classification runs: the shared runtime, logs every 100 iterations,
# validation on the target's test split once at the end of training (train_cfg's
# val_interval = max_iters); the benchmarks evaluate the LAST checkpoint, none is selected
# on target labels.
_base_ = ['../../_base_/default_runtime.py']
default_hooks = dict(logger=dict(interval=100))
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
