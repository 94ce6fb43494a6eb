# SYNTHIA -> Cityscapes as ./synthia_to_cityscapes.py (the same pipelines, restated so that a
# leaf reads two dataset files), with DAFormer's rare class sampling (Hoyer et al., CVPR 2022;
# segda/datasets/rare_class_sampling.py), as ./gta5_daformer_to_cityscapes_rcs.py samples
# GTA5: the source drawn by class, P(c) = softmax_c((1 - f_c) / T) with f_c the share of class
# c among all source pixels, then an image with more than min_pixels pixels of c, its crop
# redrawn (up to 10 times) until it holds more than min_crop_ratio * min_pixels of them.
# DAFormer's SYNTHIA configs (syn2cs_uda_warm_fdthings_rcs_croppl_a999_daformer_mitb5) use the
# GTA5 values: T = 0.01, min_pixels 3000, min_crop_ratio 0.5. The per-image class counts are
# read from <synthia_root>/sample_class_stats.json, written by
# tools/convert_datasets/synthia.py or counted once on first use (nproc processes).
_base_ = ['./synthia.py']
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='RandomCrop', size={{_base_.crop_size}}),
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
        source={{_base_.train_dataloader.dataset}},  # the labelled source set of the base
        target=dict(type='CityscapesDataset', data_root={{_base_.cityscapes_root}},
                    split='train', pipeline=target_pipeline)))
