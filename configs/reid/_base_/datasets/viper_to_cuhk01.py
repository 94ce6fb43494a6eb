# VIPeR (316 random training people, both cameras) -> CUHK/p1 = CUHK01 (485 random people
# train unlabelled; the other 486: camera A probes, camera B gallery). DANN JMLR 2016 Sec.
# 5.3.1, Fig. 9g.
_base_ = ['./reid_pair.py']
split_seed = 0
# One dict for the target: its training part and its test part share data_root and split_seed.
target = dict(type='CUHK01Dataset', data_root='data/cuhk01', num_train=485,
              split_seed=split_seed)
train_dataloader = dict(dataset=dict(
    source=dict(type='VIPeRDataset', data_root='data/viper', split='train', num_train=316,
                split_seed=split_seed, pipeline={{_base_.train_pipeline}}),
    target=dict(target, split='train', pipeline={{_base_.train_pipeline}})))
val_dataloader = dict(dataset=dict(target, split='test', pipeline={{_base_.test_pipeline}},
                                   test_mode=True))
test_dataloader = val_dataloader
