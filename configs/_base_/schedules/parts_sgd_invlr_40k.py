# One SGD optimiser per part of the method (generator, head, discriminator, ...), each
# annealed with mu_p = mu_0 / (1 + 10 p)^0.75 (the schedule list applies to every part).
_base_ = ['./sgd_invlr_40k.py']
sgd = dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(
    _delete_=True,
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
