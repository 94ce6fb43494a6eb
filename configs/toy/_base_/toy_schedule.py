# Optimisers and runtime of the two-moons toy runs. Adam (lr 1e-2) for G and for C, one wrapper
# per part; a method that adds a part (DANN's discriminator) adds its wrapper with
# {{_base_.adam}}. The number of iterations is the set-up's own (adr_moons.py, dann_moons.py).
# Runtime: ../../_base_/default_runtime.py's, short logs, one final checkpoint, validation
# (target accuracy) once at the end of training. On a CPU, in seconds:
#   OMP_NUM_THREADS=1 python tools/train.py configs/toy/adr_two_moons.py
# (one thread: more only oversubscribe the cores for these tiny networks; the thread count
# changes the float summation order, hence the exact accuracy of a seed).
_base_ = ['../../_base_/default_runtime.py']
adam = dict(type='Adam', lr=1e-2)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
env_cfg = dict(cudnn_benchmark=False)
default_hooks = dict(logger=dict(interval=100),
                     checkpoint=dict(interval=100000, max_keep_ckpts=1))
randomness = dict(seed=0)  # the seed of the accuracies in tests/methods/test_toy_methods.py
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
