# SynthCity source (GTA5 format, labelled) -> SynthCity target (Cityscapes format,
# unlabelled for training), evaluated on the target's val split.
_base_ = ['./synthcity.py']
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale={{_base_.scale}}),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    sampler=dict(type='DomainPairSampler', shuffle=True),
    dataset=dict(
        _delete_=True,
        type='DomainPairDataset',
        source={{_base_.train_dataloader.dataset}},  # the labelled source set of the base
        target=dict(type='CityscapesDataset', data_root='data/synthcity/cityscapes',
                    split='train', pipeline=target_pipeline)))
