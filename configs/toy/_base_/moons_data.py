# Two moons for the toy runs (ADR Sec. 4.1, DANN JMLR Sec. 5.1.1): a labelled source draw and
# a fresh target draw rotated about the origin of the drawing plane, paired for training
# (the target unlabelled); validation and test on that target sample with its labels
# (transductive, as the papers' figures). The set-ups set `rotation` and the batch size.
# mmengine looks collate functions up in its root registry: the name carries the scope.
collate = dict(type='segda.seg_collate')
num_classes = 2  # the two moons (TwoMoonsDataset's metainfo classes)
source = dict(type='TwoMoonsDataset', num_per_class=150, rotation=0.0, noise=0.1, seed=0)
target = dict(type='TwoMoonsDataset', num_per_class=150, rotation=30.0, center='origin',
              noise=0.1, seed=1)

train_dataloader = dict(
    batch_size=64, num_workers=0,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset', source=source, target=target))
val_dataloader = dict(
    batch_size=300, num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate,
    dataset=target)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')
test_evaluator = val_evaluator
