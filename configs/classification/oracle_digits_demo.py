# Oracle on the embedded digits pair: the same network and schedule trained on the target's
# own labelled training split (1,300 images) instead of the source: the upper bound of the
# *_digits_demo.py configs (DANN Table 2's "Train on target").
_base_ = ['./source_only_digits_demo.py']
train_dataloader = dict(
    sampler=dict(_delete_=True, type='InfiniteSampler', shuffle=True),
    dataset=dict(_delete_=True, type='MNISTMDataset',
                 data_root={{_base_.target.data_root}}, split='train',
                 pipeline={{_base_.target_pipeline}}))
