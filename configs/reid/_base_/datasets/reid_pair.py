# Every re-ID pair (DANN JMLR 2016 Sec. 5.3): a labelled source network sampled P identities x
# K images per batch (PKDomainPairSampler: every batch holds positive pairs for the binomial
# deviance) with as many unlabelled target images (DomainPairDataset), and the target's test
# identities (query = probes, gallery) for validation and test. A pair file (e.g.
# viper_to_prid2011.py) fills in train_dataloader.dataset.source / .target and the val/test
# dataset, the target ones from ONE dict (same data_root and split_seed), so no test identity
# is trained on. Images 128 x 48 (the DML input), mirrored at random (Yi et al.'s mirror
# augmentation); at test time the flips are averaged (ReIDMetric). mmengine looks collate
# functions up in its root registry: the name carries the scope.
split_seed = 0  # the seed of the random choice of training identities (recorded in the work dir)
num_identities, num_instances = 64, 2  # P x K = 128 source images per iteration (Sec. 5.3.2)
collate = dict(type='segda.seg_collate')
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(48, 128)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackReIDInputs'),
]
test_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(48, 128)),
    dict(type='PackReIDInputs'),
]
train_dataloader = dict(
    batch_size=num_identities * num_instances,  # and as many target images
    num_workers=2, persistent_workers=True,
    sampler=dict(type='PKDomainPairSampler', num_identities=num_identities,
                 num_instances=num_instances),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset'))
val_dataloader = dict(
    batch_size=128, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate)
test_dataloader = val_dataloader
val_evaluator = dict(type='ReIDMetric')
test_evaluator = val_evaluator
# Every re-ID split's seed and membership written to the work dir
# (reid_split_<Dataset>_<split>_seed<seed>.json) by ReIDSplitRecordHook
# (segda/datasets/reid/split_record.py; imported here, as the hook registry looks in
# segda.engine, segda.evaluation and segda.visualization only).
custom_imports = dict(imports=['segda.datasets.reid'], allow_failed_imports=False)
custom_hooks = [dict(type='ReIDSplitRecordHook')]
