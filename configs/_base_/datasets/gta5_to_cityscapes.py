# GTA5 (labelled source) -> Cityscapes train (unlabelled target), evaluated on Cityscapes val.
# Each training sample pairs a source image with an independently drawn target image
# (DomainPairSampler); the target's labels are never loaded for training.
_base_ = ['./cityscapes.py']
source_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadLabel'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='PackSegInputs'),
]
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    pin_memory=True,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=dict(type='segda.seg_collate'),
    dataset=dict(
        type='DomainPairDataset',
        source=dict(type='GTA5Dataset', data_root='data/gta5', pipeline=source_pipeline),
        target=dict(type='CityscapesDataset', data_root='data/cityscapes', split='train',
                    pipeline=target_pipeline)))
