# GTA5 (labelled source) -> Cityscapes train (unlabelled target), evaluated on Cityscapes val
# (both from ./gta5.py). Each training sample pairs a source image with an independently drawn
# target image (DomainPairSampler); the target's labels are never loaded for training.
_base_ = ['./gta5.py']
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    sampler=dict(type='DomainPairSampler', shuffle=True),
    dataset=dict(
        _delete_=True,
        type='DomainPairDataset',
        source={{_base_.train_dataloader.dataset}},  # the labelled source set of the base
        target=dict(type='CityscapesDataset', data_root='data/cityscapes', split='train',
                    pipeline=target_pipeline)))
