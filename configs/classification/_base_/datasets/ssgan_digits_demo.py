# The embedded semi-supervised digits set: the MNIST-M-style images of the embedded pair
# (tools/make_digits.py --target mnistm: printed digits over photo patches, 28 x 28 colour,
# 5,000 train / 1,000 test), used as ONE domain: 100 labelled training images (10 per class,
# seed 0, LabelledSubsetDataset) and the whole training split without labels as the
# unlabelled set, as the SVHN / CIFAR-10 benchmarks do; evaluated on the test split. Batches of
# 16 labelled + 16 unlabelled images (DomainPairDataset: source = labelled, target =
# unlabelled), no loader workers.
root = 'data/digits_mnistm_demo/target'
collate = dict(type='segda.seg_collate')
pipeline = [dict(type='PackClsInputs')]
train = dict(type='MNISTMDataset', data_root=root, split='train', pipeline=pipeline)
train_dataloader = dict(
    batch_size=16, num_workers=0, persistent_workers=False,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset',
                 source=dict(type='LabelledSubsetDataset', dataset=train, num_per_class=10,
                             seed=0),
                 target=dict(train, with_labels=False)))
val_dataloader = dict(
    batch_size=256, num_workers=0, persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate,
    dataset=dict(type='MNISTMDataset', data_root=root, split='test', pipeline=pipeline,
                 test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')
test_evaluator = val_evaluator
