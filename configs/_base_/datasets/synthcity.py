# SynthCity (made by tools/make_synthcity.py): a GTA5-format source and a Cityscapes-format
# target, read by the real dataset classes. Small enough to train on a 2-core CPU.
synthcity_root = 'data/synthcity'
scale = (256, 128)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadLabel'),
    dict(type='Resize', scale=scale),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=scale),
    dict(type='LoadLabel'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='segda.seg_collate'),
    dataset=dict(type='GTA5Dataset', data_root=synthcity_root + '/gta5', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='segda.seg_collate'),
    dataset=dict(type='CityscapesDataset', data_root=synthcity_root + '/cityscapes', split='val',
                 pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(type='IoUMetric')  # classes from the dataset's metainfo
test_evaluator = val_evaluator
