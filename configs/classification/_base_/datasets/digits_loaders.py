# Loaders shared by the digit pairs: a leaf dataset file sets `source`, `target` (unlabelled
# training split) and `target_test` (the target's test split, with labels, for evaluation).
# Half of each batch is source, half target (DANN Sec. 5.2.2, ADR appendix B): batch_size
# is per domain. mmengine looks collate functions up in its root registry: the name carries
# the scope.
collate = dict(type='segda.seg_collate')
num_classes = 10
batch_size = 64
train_dataloader = dict(
    batch_size=batch_size, num_workers=2, persistent_workers=True,
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
