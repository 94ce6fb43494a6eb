# DAFormer's learning-rate conditions (Hoyer et al., CVPR 2022), as its code sets them
# (lhoyer/DAFormer configs/_base_/schedules/adamw.py and poly10warm.py, and the optimizer
# block of the gta2cs_..._daformer_mitb5 config):
# - AdamW, lr 6e-5, betas (0.9, 0.999), weight decay 0.01;
# - the decoder (C, DAFormer's `head` custom key) at 10x: 6e-4;
# - no weight decay on normalisation layers and position blocks (custom keys `norm` and
#   `pos_block`, decay_mult 0, matched in the parameter names of G: MiT's LayerNorms; MiT has
#   no `pos_block`). DAFormer's `head` key matches the decoder's parameters first, so the
#   decoder keeps its weight decay on every parameter, its BatchNorms included, as here;
# - mmcv's linear warm-up over 1500 iterations from 1e-6 times the rate, multiplying a poly
#   decay of power 1.0 to 0 over the whole run (40k iterations):
#       lr_t = lr_0 (1 - t / T) (1 - (1 - t / 1500) (1 - 1e-6))   for t < 1500
#       lr_t = lr_0 (1 - t / T)                                    after
#   mmengine composes the two schedulers in the same way (LinearLR and PolyLR over the same
#   iterations). mmengine's schedulers reach their end value at iteration end - 1, so LinearLR
#   ends at 1501 to reach 1 at t = 1500 as mmcv's warm-up; PolyLR's end is train_cfg.max_iters,
#   which makes its rate (1 - t / (T - 1)) instead of (1 - t / T): relatively 1 / T lower
#   (2.5e-5 at T = 40k), 0 at the last iteration.
# The runtime (hooks, logging, checkpoints) is ../default_runtime.py's; the label-free scores
# at every validation as ./parts_sgd.py's (what they are: there).
_base_ = ['../default_runtime.py']
adamw = dict(type='AdamW', lr=6e-5, betas=(0.9, 0.999), weight_decay=0.01)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adamw,
                   paramwise_cfg=dict(custom_keys=dict(pos_block=dict(decay_mult=0.0),
                                                       norm=dict(decay_mult=0.0)))),
    head=dict(type='OptimWrapper', optimizer=dict(adamw, lr=6e-4)))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-6, by_epoch=False, begin=0, end=1501),
    dict(type='PolyLR', power=1.0, eta_min=0.0, by_epoch=False, begin=0),
]
# ResumableIterBasedTrainLoop: mmengine's loop with a cheap, exact resume (segda/engine/loops.py).
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=40000, val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
custom_hooks = [
    dict(type='LabelFreeScoreHook', num_images=16, pixels_per_image=128, seed=0),
]
