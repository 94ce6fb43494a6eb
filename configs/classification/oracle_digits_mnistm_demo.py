# Oracle on the MNIST-M-construction digits pair: the network and schedule of
# source_only_digits_mnistm_demo.py trained on the target's own labelled training split
# (5,000 images) instead of the source: the upper bound (DANN Table 2's "Train on target").
_base_ = ['./source_only_digits_mnistm_demo.py']
train_dataloader = dict(
    sampler=dict(_delete_=True, type='InfiniteSampler', shuffle=True),
    dataset=dict(_delete_=True, type='MNISTMDataset', data_root='data/digits_mnistm_demo/target',
                 split='train', pipeline={{_base_.target_pipeline}}))
