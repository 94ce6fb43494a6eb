# ADR's semi-supervised GAN on CIFAR-10 with 4,000 labels (Saito et al., ICLR 2018, Sec. 4.3,
# Table 4: ADR 19.63 +- 0.37 % test error as far as the extracted table can be read,
# docs/methods.md). Each value and its source:
#   critic        Salimans et al. 2016's CIFAR-10 critic (their code: widths 96 / 192, input
#                 dropout 0.2, dropout 0.5, leaky ReLU 0.2, weight normalisation; ADR names
#                 BatchNorm for SVHN only)
#   classifier    "after the conv6 layer of the critic, we constructed a classifier which was
#                 not concerned with adversarial learning" (ADR appendix E, Sec. 4.3):
#                 clean_layer='conv6', a global average pool and a linear layer (ADR does not
#                 give its layers), trained on the labelled images, reported as
#                 accuracy_clean beside C's accuracy
#   generator     Salimans et al.: z 100 (uniform) -> 4 x 4 x 512 -> 256 -> 128 -> 32 x 32 x 3
#   labels        4,000 = 400 per class of CIFAR-10 train (Table 4), seed 0; the whole train
#                 set (50,000) unlabelled, as Salimans et al.
#   batch         100 labelled + 100 unlabelled (+ 100 generated) (ADR appendix E: batch 100)
#   optimiser     Adam lr 2e-4 (ADR appendix E), beta1 0.5 (Salimans et al.; ADR does not say)
#   length        ADR gives none: Salimans et al.'s 1,200 epochs of 500 batches = 600,000
#                 iterations (their lr decay over the last third is not used: ADR names none)
#   evaluation    CIFAR-10 test (10,000), no dropout, reported as % error
_base_ = ['../_base_/default_runtime.py', '../_base_/methods/adr_ssgan.py']
model = dict(
    data_preprocessor=dict(type='SegDataPreProcessor', mean=(127.5,) * 3, std=(127.5,) * 3),
    task=dict(type='Classifier',
              backbone=dict(type='SalimansCritic', in_channels=3, widths=(96, 192),
                            input_dropout=0.2, dropout=0.5, norm='weight_norm'),
              head=dict(type='ClassificationHead', hidden=(), dropout=0.0),
              num_classes=10))
method = dict(image_generator=dict(type='SalimansGenerator', noise_dim=100,
                                   widths=(512, 256, 128), base_size=4, out_channels=3),
              clean_layer='conv6')
cifar_root = 'data/cifar10/cifar-10-batches-py'
collate = dict(type='segda.seg_collate')
pipeline = [dict(type='PackClsInputs')]
cifar_train = dict(type='CIFAR10Dataset', data_root=cifar_root, split='train',
                   pipeline=pipeline)
train_dataloader = dict(
    batch_size=100, num_workers=4, persistent_workers=True,
    sampler=dict(type='DomainPairSampler', shuffle=True),
    collate_fn=collate,
    dataset=dict(type='DomainPairDataset',
                 source=dict(type='LabelledSubsetDataset', dataset=cifar_train,
                             num_per_class=400, seed=0),
                 target=dict(cifar_train, with_labels=False)))
val_dataloader = dict(
    batch_size=500, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=collate,
    dataset=dict(type='CIFAR10Dataset', data_root=cifar_root, split='test', pipeline=pipeline,
                 test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(type='AccuracyMetric')
test_evaluator = val_evaluator
adam = dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam),
    clean_head=dict(type='OptimWrapper', optimizer=adam))
train_cfg = dict(type='ResumableIterBasedTrainLoop', max_iters=600000, val_interval=20000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(checkpoint=dict(interval=20000, max_keep_ckpts=2))
