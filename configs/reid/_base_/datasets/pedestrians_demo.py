# The embedded pair (tools/make_pedestrians.py --out data/pedestrians_demo): the VIPeR-like
# network (VIPeR layout, 240 people; 200 random ones train) -> the PRID-like network (PRID
# layout: 160 people in both cameras, 20 in camera A only, 80 in camera B only; 80 shared
# people train unlabelled, the other 80 camera-A images probe the 160 camera-B images not
# used in training). How the networks differ: segda/datasets/reid/pedestrians/networks.py.
_base_ = ['./reid_pair.py']
split_seed = 0
root = 'data/pedestrians_demo'
# One dict for the target: its training part and its test part share data_root and split_seed.
target = dict(type='PRID2011Dataset', data_root=root + '/prid2011', num_train=80, num_shared=160,
              split_seed=split_seed)
train_dataloader = dict(dataset=dict(
    source=dict(type='VIPeRDataset', data_root=root + '/viper', split='train', num_train=200,
                split_seed=split_seed, pipeline={{_base_.train_pipeline}}),
    target=dict(target, split='train', pipeline={{_base_.train_pipeline}})))
val_dataloader = dict(dataset=dict(target, split='test', pipeline={{_base_.test_pipeline}},
                                   test_mode=True))
test_dataloader = val_dataloader
# CPU scale: P x K = 16 x 2 source images and 32 target images per iteration, loaded in
# the main process (one core).
train_dataloader.update(batch_size=32, num_workers=0, persistent_workers=False,
                        sampler=dict(type='PKDomainPairSampler', num_identities=16,
                                     num_instances=2))
val_dataloader.update(num_workers=0, persistent_workers=False)
