# DACS (Tranheden et al., WACV 2021), SYNTHIA -> Cityscapes with DeepLabv2-ResNet-101: the
# SYNTHIA twin of ./dacs_deeplabv2_gta5.py. The paper's result: 48.34 mIoU over 16 classes on
# Cityscapes val (its SYNTHIA table; the value as later work citing DACS quotes it, not checked
# against the paper's text); mIoU16 and mIoU13 are logged beside the 19-class mIoU. The step and
# its hyper-parameters (alpha 0.99, tau 0.968, ClassMix, jitter and blur):
# _base_/methods/dacs.py. The schedule is ./dacs_deeplabv2_gta5.py's, restated (DACS's code
# trains both pairs from one configUDA.json): SGD, momentum 0.9, weight decay 5e-4, learning
# rate 2.5e-4 for the backbone and 10x for the ASPP classifier, poly decay with power 0.9 over
# 250k iterations, batch 2 source + 2 target images, 512x512 crops. The data: SYNTHIA as
# DAFormer loads it (resize to 1280x760, class-balanced crop, flip) -> Cityscapes
# (_base_/datasets/synthia_to_cityscapes.py). What differs from DACS's run: as the GTA5 twin.
_base_ = [
    '_base_/models/deeplabv2_r101.py',
    '_base_/datasets/synthia_to_cityscapes.py',
    '_base_/methods/dacs.py',
    '_base_/schedules/parts_sgd.py',  # and target_entropy/im/snd at each validation
]
train_dataloader = dict(batch_size=2)
sgd = dict(type='SGD', lr=2.5e-4, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(generator=dict(optimizer=sgd), head=dict(optimizer=dict(sgd, lr=2.5e-3)))
# Poly decay lr_t = lr_0 (1 - t / 250000)^0.9 for both parts (mmengine's PolyLR, end = max_iters).
param_scheduler = [dict(type='PolyLR', eta_min=0.0, power=0.9, by_epoch=False)]
train_cfg = dict(max_iters=250000, val_interval=5000)
default_hooks = dict(checkpoint=dict(interval=5000))
