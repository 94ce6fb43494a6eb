# Market-1501 (its published split: the 751 people of bounding_box_train, junk dropped) ->
# VIPeR (316 random people train unlabelled; the other 316: camera A probes, camera B
# gallery). Not in the paper: today's common source.
_base_ = ['./reid_pair.py']
split_seed = 0
# One dict for the target: its training part and its test part share data_root and split_seed.
target = dict(type='VIPeRDataset', data_root='data/viper', num_train=316, split_seed=split_seed)
train_dataloader = dict(dataset=dict(
    source=dict(type='Market1501Dataset', data_root='data/market1501', split='train',
                pipeline={{_base_.train_pipeline}}),
    target=dict(target, split='train', pipeline={{_base_.train_pipeline}})))
val_dataloader = dict(dataset=dict(target, split='test', pipeline={{_base_.test_pipeline}},
                                   test_mode=True))
test_dataloader = val_dataloader
