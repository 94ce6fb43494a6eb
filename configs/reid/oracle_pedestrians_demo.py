# Oracle on the embedded pair: the same DML descriptor and schedule as
# source_only_pedestrians_demo.py (its bases), trained on the PRID-like target network's own
# labels (its 80 training people, P x K = 16 x 2 per batch), tested on the same test people
# (the upper bound; not a method of the paper). The training set is the target of the pair's
# base with split='train' (tests/configs/test_reid_configs.py checks it matches the test set's
# data_root and split_seed).
_base_ = [
    '_base_/models/dml.py',
    '_base_/datasets/pedestrians_demo.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/pedestrians_demo_cpu.py',
]
train_dataloader = dict(
    sampler=dict(_delete_=True, type='PKSampler', num_identities=16, num_instances=2),
    dataset=dict(_delete_=True, type='PRID2011Dataset', data_root='data/pedestrians_demo/prid2011',
                 num_train=80, num_shared=160, split_seed=0, split='train',
                 pipeline={{_base_.train_pipeline}}))
