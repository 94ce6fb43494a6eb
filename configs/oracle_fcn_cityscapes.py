# Oracle: the same ResNet-50 FCN trained on Cityscapes train labels (2,975 images).
# Not unsupervised adaptation: the upper bound the methods are measured against.
_base_ = ['./source_only_fcn_gta5.py']
train_dataloader = dict(
    dataset=dict(_delete_=True, type='CityscapesDataset', data_root='data/cityscapes',
                 split='train', pipeline={{_base_.train_pipeline}}))
