# The GTA5 adaptation runs: one SGD optimiser per part of the method (generator, head; a
# method's own parts, such as DANN's discriminator, get the head's: `method_parts` of the
# method base), each annealed with mu_p = mu_0 / (1 + 10 p)^0.75 (the schedule list applies to
# every part); 40k iterations as in the ADR paper. InvLR's `end` defaults to
# train_cfg.max_iters, so overriding max_iters keeps p = iter / max_iters. The runtime (hooks,
# logging, checkpoints) is ../default_runtime.py's. The SynthCity twins: ./synthcity_parts_cpu.py.
_base_ = ['../default_runtime.py']
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
# Label-free checkpoint scores at every validation of an adaptation run
# (segda/evaluation/label_free_hook.py): target_entropy (lower is better), target_im,
# target_snd and target_bnm (greater is better) on 16 target TRAIN images (no labels read),
# 128 pixels each, drawn once from seed 0. MixVal (target_mixval, greater is better) costs one
# more forward per image: turn it on with custom_hooks.0.mixval=True. To keep the best
# checkpoint by one: default_hooks.checkpoint.save_best='target_snd' and rule='greater'.
custom_hooks = [
    dict(type='LabelFreeScoreHook', num_images=16, pixels_per_image=128, seed=0),
]
