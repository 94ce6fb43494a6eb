# Runtime of the embedded pair's CPU runs: the classification runtime with one checkpoint, at
# the end of training (the benchmark evaluates the last one). Train with one thread per run
# (OMP_NUM_THREADS=1): more only oversubscribe the cores for this small network.
_base_ = ['./runtime.py']
default_hooks = dict(checkpoint=dict(interval=1000000, max_keep_ckpts=1))
env_cfg = dict(cudnn_benchmark=False)
