# GTA5 with DAFormer's pipeline -> Cityscapes, as ./gta5_daformer_to_cityscapes.py (the same
# pipelines, restated so that a leaf reads two dataset files), with DAFormer's rare class
# sampling (Hoyer et al., CVPR 2022; segda/datasets/rare_class_sampling.py). The source is
# drawn by class, P(c) = softmax_c((1 - f_c) / T) with f_c the share of class c among all
# source pixels, then an image with more than min_pixels pixels of c; its sample is redrawn
# (up to 10 times) until its crop holds more than min_crop_ratio * min_pixels of them. The
# per-image class counts are read from <gta5_root>/sample_class_stats.json, written by
# tools/convert_datasets/gta5.py or counted once on first use (nproc processes).
_base_ = ['./gta5.py']
crop_size = (512, 512)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadLabel'),
    dict(type='Resize', scale=(1280, 720)),
    dict(type='CatMaxRatioCrop', size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='RandomCrop', size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    # rare class sampling in place of DomainPairSampler (the target is drawn as there)
    sampler=dict(_delete_=True, type='RareClassSampler', temperature=0.01, min_pixels=3000,
                 min_crop_ratio=0.5, nproc=4),
    dataset=dict(
        _delete_=True,
        type='DomainPairDataset',
        source=dict(type='GTA5Dataset', data_root={{_base_.gta5_root}}, pipeline=train_pipeline),
        target=dict(type='CityscapesDataset', data_root={{_base_.cityscapes_root}},
                    split='train', pipeline=target_pipeline)))
