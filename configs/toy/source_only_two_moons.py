# Source only on two moons (ADR Sec. 4.1): the ADR toy network trained on the labelled
# source moons, evaluated on the target moons (a fresh draw rotated 30 degrees about the
# source mean). No adaptation: the lower bound (ADR reports 84% on its target). CPU, seconds.
_base_ = ['../_base_/default_runtime.py']

model = dict(
    type='SourceOnly',
    data_preprocessor=dict(type='BaseDataPreprocessor'),
    task=dict(type='Classifier',
              backbone=dict(type='MLP', in_channels=2, hidden=(5, 5)),  # G: [2, 5, 5]
              head=dict(type='ClassificationHead', num_classes=2, hidden=(5, 5),
                        dropout=0.5),  # C: [5, 5, 2]
              num_classes=2))

# The runner looks collate functions up in mmengine's root FUNCTIONS without the default
# scope, so the scope is named: 'segda.seg_collate'.
collate = dict(type='segda.seg_collate')
source = dict(type='TwoMoonsDataset', num_per_class=150, rotation=0.0, noise=0.1, seed=0)
target = dict(type='TwoMoonsDataset', num_per_class=150, rotation=30.0, noise=0.1, seed=1)

train_dataloader = dict(
    batch_size=64, num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=collate,
    dataset=source)
val_dataloader = dict(
    batch_size=300, num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate,
    dataset=target)
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')
test_evaluator = val_evaluator

optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-2))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=2000, val_interval=1000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

env_cfg = dict(cudnn_benchmark=False, dist_cfg=dict(backend='gloo'))
default_hooks = dict(logger=dict(interval=500),
                     checkpoint=dict(interval=2000, max_keep_ckpts=1))
