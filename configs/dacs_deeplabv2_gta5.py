# DACS (Tranheden et al., WACV 2021), GTA5 -> Cityscapes with DeepLabv2-ResNet-101 and
# DAFormer's pipeline. The paper's result: 52.14 mIoU on Cityscapes val (Table 1). The step
# and its hyper-parameters (alpha 0.99, tau 0.968, ClassMix, jitter and blur):
# _base_/methods/dacs.py. The schedule is DACS's code's (vikolss/DACS configs/configUDA.json
# and trainUDA.py): SGD, momentum 0.9, weight decay 5e-4, learning rate 2.5e-4 for the
# backbone and 10x (2.5e-3) for the ASPP classifier (Res_Deeplab.optim_parameters), poly
# decay with power 0.9 over 250k iterations, batch 2 source + 2 target images, 512x512 crops.
# What differs from DACS's run: the backbone is SegDA's shared DeepLabv2 (ImageNet weights,
# not ImageNet+COCO; BatchNorm frozen; the decoder's dropout 0.5, the site every method's
# config shares: model.task.decoder.dropout=0 gives the literature's network); GTA5 as
# DAFormer loads it (resize, class-balanced crop, flip; the colours are jittered by the method).
_base_ = [
    '_base_/models/deeplabv2_r101.py',
    '_base_/datasets/gta5_daformer_to_cityscapes.py',
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
