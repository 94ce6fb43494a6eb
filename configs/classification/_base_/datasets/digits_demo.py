# The embedded digits pair (tools/make_digits.py --out data/digits_demo): printed Hershey-font
# digits in MNIST's idx layout (source, 5,000 train) -> handwriting over photo patches in
# MNIST-M's layout (target, 1,300 train unlabelled, 497 test). Both 28 x 28; the grey source
# is repeated to three channels (GreyToRGB) for the colour network, as DANN does for
# MNIST -> MNIST-M. Read by the real MNISTDataset and MNISTMDataset. Training draws a
# labelled source and an unlabelled target sample (DomainPairDataset, DomainPairSampler),
# 32 + 32 images per batch, and no loader workers: each run a few minutes on one CPU core;
# evaluation reads the target's labelled test split. mmengine looks collate functions up in
# its root registry: the name carries the scope.
digits_demo_root = 'data/digits_demo'
collate = dict(type='segda.seg_collate')
pipeline = [dict(type='GreyToRGB'), dict(type='PackClsInputs')]
target_pipeline = [dict(type='PackClsInputs')]
source = dict(type='MNISTDataset', data_root=digits_demo_root + '/source', split='train',
              pipeline=pipeline)
target = dict(type='MNISTMDataset', data_root=digits_demo_root + '/target', split='train',
              with_labels=False, pipeline=target_pipeline)
target_test = dict(type='MNISTMDataset', data_root=digits_demo_root + '/target', split='test',
                   pipeline=target_pipeline, test_mode=True)
train_dataloader = dict(
    batch_size=32, num_workers=0, persistent_workers=False,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset', source=source, target=target))
val_dataloader = dict(
    batch_size=256, num_workers=0, persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate,
    dataset=target_test)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')  # accuracy, mean per-class accuracy, C' when any
test_evaluator = val_evaluator
