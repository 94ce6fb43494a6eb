# GTA5 with DAFormer's pipeline (labelled source) -> Cityscapes train (unlabelled target),
# evaluated on the Cityscapes val of ./gta5.py. The source pipeline is that of
# ./gta5_daformer.py (Hoyer et al., CVPR 2022): resize to 1280x720, a 512x512 random crop in
# which no class covers 75% or more of the labelled pixels (redrawn up to 10 times),
# horizontal flip; colour augmentation belongs to the method (DACS's strong transform), no
# rescale, as DAFormer's uda_gta_to_cityscapes_512x512.py. As DAFormer, target
# images are resized to 1024x512 and cropped at random to the source's 512x512 (a method runs
# G once on both domains concatenated, so their crops must be the same size), then flipped.
_base_ = ['./gta5.py']
crop_size = (512, 512)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadLabel'),
    dict(type='Resize', scale=(1280, 720)),
    dict(type='CatMaxRatioCrop', size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='RandomCrop', size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    sampler=dict(type='DomainPairSampler', shuffle=True),
    dataset=dict(
        _delete_=True,
        type='DomainPairDataset',
        source=dict(type='GTA5Dataset', data_root={{_base_.gta5_root}}, pipeline=train_pipeline),
        target=dict(type='CityscapesDataset', data_root={{_base_.cityscapes_root}},
                    split='train', pipeline=target_pipeline)))
