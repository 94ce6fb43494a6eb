# Whole CUHK = CUHK02, all five camera pairs, every person -> PRID2011 single shot (100 shared
# people train unlabelled; the other 100 camera-A images probe the 649 camera-B images not
# used in training). DANN JMLR 2016 Sec. 5.3.1, Fig. 9d.
_base_ = ['./reid_pair.py']
split_seed = 0
# One dict for the target: its training part and its test part share data_root and split_seed.
target = dict(type='PRID2011Dataset', data_root='data/prid2011', num_train=100,
              split_seed=split_seed)
train_dataloader = dict(dataset=dict(
    source=dict(type='CUHK02Dataset', data_root='data/cuhk02', split='train', num_train=None,
                split_seed=split_seed, pipeline={{_base_.train_pipeline}}),
    target=dict(target, split='train', pipeline={{_base_.train_pipeline}})))
val_dataloader = dict(dataset=dict(target, split='test', pipeline={{_base_.test_pipeline}},
                                   test_mode=True))
test_dataloader = val_dataloader
