# The loaders of the digit pairs (./mnist_to_mnistm.py, ./mnist_to_usps.py, ./usps_to_mnist.py,
# ./svhn_to_mnist.py, ./syn_digits_to_svhn.py): training draws a labelled source sample and an
# unlabelled target sample (DomainPairDataset, DomainPairSampler), 64 of each per batch (a leaf
# sets its paper's); evaluation reads the target's labelled test split. A pair file over this
# base names the three sets,
#   train_dataloader = dict(dataset=dict(source=..., target=...))   # target: with_labels=False
#   val_dataloader = dict(dataset=...)                              # test_mode=True
# mmengine looks collate functions up in its root registry: the name carries the scope.
collate = dict(type='segda.seg_collate')
train_dataloader = dict(
    batch_size=64, num_workers=2, persistent_workers=True,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset'))
val_dataloader = dict(
    batch_size=256, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')  # accuracy, mean per-class accuracy, C' when any
test_evaluator = val_evaluator
