# The SynthCity CPU schedule with one optimiser per part of the method.
_base_ = ['./synthcity_cpu.py']
sgd = dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(
    _delete_=True,
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
