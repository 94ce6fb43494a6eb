# The loaders of the object benchmarks (Office-31, Office-Home, ImageCLEF-DA, VisDA-2017):
# training draws a labelled source sample and an unlabelled target sample (DomainPairDataset,
# DomainPairSampler), 32 images per domain per batch (a leaf sets its paper's); evaluation
# reads the target's labelled test images, 64 per batch; four loader workers. ImageNet-style
# pipelines: training images resized to 256 x 256, a random 224 x 224 crop and a horizontal
# flip; evaluation images resized to 224 x 224. A dataset file sets `source`, `target`
# (unlabelled) and `target_test`. mmengine looks collate functions up in its root registry:
# the name carries the scope.
collate = dict(type='segda.seg_collate')
train_pipeline = [
    dict(type='Resize', scale=(256, 256)),
    dict(type='RandomCrop', size=(224, 224)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackClsInputs'),
]
test_pipeline = [dict(type='Resize', scale=(224, 224)), dict(type='PackClsInputs')]
train_dataloader = dict(
    batch_size=32, num_workers=4, persistent_workers=True,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset'))
val_dataloader = dict(
    batch_size=64, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')  # accuracy, mean per-class accuracy, C' when any
test_evaluator = val_evaluator
