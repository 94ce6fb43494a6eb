# The loaders of a domain pair, for every task: training draws a labelled source sample and an
# unlabelled target sample (DomainPairDataset, DomainPairSampler); evaluation reads the
# target's labelled test split. A dataset file over this base names the three sets,
#   train_dataloader = dict(dataset=dict(source=..., target=...))   # target: with_labels=False
#   val_dataloader = dict(dataset=...)                              # test_mode=True
# and the values its benchmark uses where they differ from these (the digit pairs'): batch
# sizes (training: per domain), workers, the sampler, the evaluator. mmengine looks collate
# functions up in its root registry: the name carries the scope.
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
