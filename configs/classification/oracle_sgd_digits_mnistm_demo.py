# The oracle of oracle_digits_mnistm_demo.py under DANN's and SymNets' SGD schedule (the bases
# of source_only_sgd_digits_mnistm_demo.py): the upper bound of dann_ and
# symnets_digits_mnistm_demo.py.
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '../_base_/methods/source_only.py',
]
train_dataloader = dict(
    sampler=dict(_delete_=True, type='InfiniteSampler', shuffle=True),
    dataset=dict(_delete_=True, type='MNISTMDataset', data_root='data/digits_mnistm_demo/target',
                 split='train', pipeline={{_base_.target_pipeline}}))
