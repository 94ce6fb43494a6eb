# Oracle on SynthCity: the same model trained on the target's own labels (upper bound).
_base_ = ['./source_only_fcn_synthcity.py']
train_dataloader = dict(
    dataset=dict(_delete_=True, type='CityscapesDataset',
                 data_root='data/synthcity/cityscapes', split='train',
                 pipeline={{_base_.train_pipeline}}))
