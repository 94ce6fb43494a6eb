# GTA5 (source, labelled) with DAFormer's training pipeline (Hoyer et al., CVPR 2022; its
# configs/_base_/datasets/uda_gta_to_cityscapes_512x512.py): resize to 1280x720, a 512x512
# random crop in which no class covers 75% or more of the labelled pixels (redrawn up to 10
# times), horizontal flip. No rescale, and no colour augmentation here: DAFormer's is part of
# its method (DACS's strong transform, segda/methods/self_training/). The GTA5 training set of
# ./gta5.py with this pipeline, evaluated on its Cityscapes val (for adaptation:
# ./gta5_daformer_to_cityscapes.py, which states the same pipeline, in place of
# ./gta5_to_cityscapes.py).
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
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
