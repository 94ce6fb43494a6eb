# SYNTHIA (./synthia.py, labelled source) -> Cityscapes train (unlabelled target), evaluated
# on Cityscapes val as ./synthia.py evaluates (mIoU over 19, 16 and 13 classes). The target
# as DAFormer's (uda_synthia_to_cityscapes_512x512.py): resized to 1024x512, cropped at
# random to the source's 512x512 (a method runs G once on both domains concatenated, so their
# crops must be the same size), then flipped.
_base_ = ['./synthia.py']
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
