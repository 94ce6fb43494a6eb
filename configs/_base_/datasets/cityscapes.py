# Cityscapes val (target, for reporting mIoU): the image is resized to 1024x512, the label
# is loaded after the resize so predictions are scored at full 2048x1024 resolution.
cityscapes_root = 'data/cityscapes'
test_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='LoadLabel'),
    dict(type='PackSegInputs'),
]
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
