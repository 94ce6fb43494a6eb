# GTA5 (source, labelled): 24,966 frames, inputs resized to 1024x512 as in the ADR paper;
# evaluated on Cityscapes val (the target): the image is resized to 1024x512, the label is
# loaded after the resize so predictions are scored at full 2048x1024 resolution. The
# adaptation pairs over this file (./gta5_to_cityscapes.py, ./gta5_daformer_to_cityscapes.py)
# add Cityscapes train as the unlabelled target and share this validation set.
gta5_root = 'data/gta5'
cityscapes_root = 'data/cityscapes'
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadLabel'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='LoadLabel'),
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
val_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    pin_memory=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='segda.seg_collate'),
    dataset=dict(type='CityscapesDataset', data_root=cityscapes_root, split='val',
                 pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(type='IoUMetric')  # classes from the dataset's metainfo
test_evaluator = val_evaluator
