# The embedded digits pairs' set-up (./digits_demo_adam.py: network, iterations, runtime)
# under DANN's schedule (Ganin et al., JMLR 2016, Sec. 5.2.2): SGD with momentum 0.9, lr
# mu_p = mu_0 / (1 + alpha p)^beta with mu_0 = 0.01, alpha = 10, beta = 0.75 (InvLR,
# p = iteration / max_iters), one optimiser per part; every method of a pair trains as long
# on the same batches. Used by DANN (its leaves add D), SymNets (its leaves set the classifiers
# at 10x), domain confusion and their source-only and oracle baselines (*_sgd_digits_*_demo.py).
_base_ = ['./digits_demo_adam.py']
sgd = dict(type='SGD', lr=0.01, momentum=0.9)
optim_wrapper = dict(
    _delete_=True,
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
param_scheduler = [dict(type='InvLR', alpha=10.0, beta=0.75, by_epoch=False)]
