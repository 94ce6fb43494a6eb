# One SGD optimiser per part of the method (generator, head; a method's own parts, such as
# DANN's discriminator, get the head's: `method_parts` of the method base), each annealed with
# mu_p = mu_0 / (1 + 10 p)^0.75 (the schedule list applies to every part); 40k iterations
# as in the ADR paper. A leaf sets other values where they differ, e.g. the SynthCity CPU runs:
#   sgd = dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4)
#   optim_wrapper = dict(generator=dict(optimizer=sgd), head=dict(optimizer=sgd))
#   train_cfg = dict(max_iters=1000, val_interval=1000)
# InvLR's `end` defaults to train_cfg.max_iters, so overriding max_iters keeps p = iter / max_iters.
sgd = dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=sgd),
    head=dict(type='OptimWrapper', optimizer=sgd))
param_scheduler = [dict(type='InvLR', alpha=10.0, beta=0.75, by_epoch=False)]
# ResumableIterBasedTrainLoop: mmengine's loop with a cheap, exact resume (segda/engine/loops.py).
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=40000, val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
