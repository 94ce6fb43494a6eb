# Every re-ID pair (DANN JMLR 2016 Sec. 5.3) over the domain-pair loaders: a labelled source network
# sampled P identities x K images per batch (PKDomainPairSampler: every batch holds
# positive pairs for the binomial deviance), an unlabelled target network, and the
# target's test identities (query = probes, gallery) for validation and test. A pair file
# (e.g. viper_to_prid2011.py) fills in train_dataloader.dataset.source / .target and the
# val/test dataset, the target ones from ONE dict (same data_root and split_seed), so no
# test identity is trained on. Images 128 x 48 (the DML input), mirrored at random
# (Yi et al.'s mirror augmentation); at test time the flips are averaged (ReIDMetric).
_base_ = ['../../../_base_/datasets/domain_pair.py']
split_seed = 0  # the seed of the random choice of training identities (recorded in the work dir)
num_identities, num_instances = 64, 2  # P x K = 128 source images per iteration (Sec. 5.3.2)
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
    sampler=dict(_delete_=True, type='PKDomainPairSampler', num_identities=num_identities,
                 num_instances=num_instances))
val_dataloader = dict(batch_size=128)
test_dataloader = val_dataloader
val_evaluator = dict(type='ReIDMetric')
test_evaluator = val_evaluator
