# ADR's semi-supervised GAN on SVHN with 1,000 labels (Saito et al., ICLR 2018, Sec. 4.3,
# Table 4: ADR 6.26 +- 1.05 % test error as far as the extracted table can be read,
# docs/methods.md). Each value and its source:
#   critic        Salimans et al. 2016's SVHN critic (their code: widths 64 / 128, input
#                 dropout 0.2, dropout 0.5, leaky ReLU 0.2), "we replaced Weight Normalization
#                 with Batch Normalization for C" (ADR Sec. 4.3): norm='batch_norm'
#   generator     Salimans et al.: z 100 (uniform) -> 4 x 4 x 512 -> 256 -> 128 -> 32 x 32 x 3
#   labels        1,000 = 100 per class of SVHN train (Table 4), seed 0; the whole train set
#                 (73,257) unlabelled, as Salimans et al.
#   batch         100 labelled + 100 unlabelled (+ 100 generated) (ADR appendix E: batch 100)
#   optimiser     Adam lr 2e-4 (ADR appendix E), beta1 0.5 (Salimans et al.; ADR does not say)
#   length        ADR gives none: Salimans et al.'s 900 epochs of 732 batches = 658,800
#                 iterations (their lr decay over the last third is not used: ADR names none)
#   evaluation    the critic C without dropout on SVHN test (26,032), reported as % error
_base_ = ['../_base_/default_runtime.py', '../_base_/methods/adr_ssgan.py']
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='SalimansCritic', in_channels=3, widths=(64, 128),
                            input_dropout=0.2, dropout=0.5, norm='batch_norm'),
              head=dict(type='ClassificationHead', hidden=(), dropout=0.0),
              num_classes=10))
method = dict(image_generator=dict(type='SalimansGenerator', noise_dim=100,
                                   widths=(512, 256, 128), base_size=4, out_channels=3))
svhn_root = 'data/svhn'
collate = dict(type='segda.seg_collate')
pipeline = [dict(type='PackClsInputs')]
svhn_train = dict(type='SVHNDataset', data_root=svhn_root, split='train', pipeline=pipeline)
train_dataloader = dict(
    batch_size=100, num_workers=4, persistent_workers=True,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset',
                 source=dict(type='LabelledSubsetDataset', dataset=svhn_train,
                             num_per_class=100, seed=0),
                 target=dict(svhn_train, with_labels=False)))
val_dataloader = dict(
    batch_size=500, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate,
    dataset=dict(type='SVHNDataset', data_root=svhn_root, split='test', pipeline=pipeline,
                 test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')
test_evaluator = val_evaluator
adam = dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=658800, val_interval=20000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(checkpoint=dict(interval=20000, max_keep_ckpts=2))
