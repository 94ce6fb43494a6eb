# GTA5 with DAFormer's pipeline (./gta5_daformer.py, labelled source) -> Cityscapes train
# (unlabelled target), evaluated on Cityscapes val. As DAFormer, target images are resized to
# 1024x512 and cropped at random to the source's 512x512 (a method runs G once on both
# domains concatenated, so their crops must be the same size), then flipped.
_base_ = ['./gta5_daformer.py', './cityscapes.py']
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='RandomCrop', size={{_base_.crop_size}}),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    sampler=dict(type='DomainPairSampler', shuffle=True),
    dataset=dict(
        _delete_=True,
        type='DomainPairDataset',
        source={{_base_.train_dataloader.dataset}},  # the labelled source set of the base
        target=dict(type='CityscapesDataset', data_root={{_base_.cityscapes_root}},
                    split='train', pipeline=target_pipeline)))
