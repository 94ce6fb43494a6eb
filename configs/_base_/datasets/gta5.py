# GTA5 (source, labelled): 24,966 frames, inputs resized to 1024x512 as in the ADR paper.
gta5_root = 'data/gta5'
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadLabel'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    pin_memory=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='segda.seg_collate'),
    dataset=dict(type='GTA5Dataset', data_root=gta5_root, pipeline=train_pipeline))
