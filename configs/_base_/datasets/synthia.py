# SYNTHIA-RAND-CITYSCAPES (source, labelled): 9,400 frames of 1280x760, in the Cityscapes
# label space (16 of its 19 classes have pixels). DAFormer's pipeline for it (Hoyer et al.,
# CVPR 2022, configs/_base_/datasets/uda_synthia_to_cityscapes_512x512.py): resize to
# 1280x760, a 512x512 random crop in which no class covers 75% or more of the labelled
# pixels (redrawn up to 10 times), horizontal flip; DAFormer's colour augmentation is part
# of its method, not of this pipeline. After `tools/convert_datasets/synthia.py --train-ids`,
# label_format='trainIds' reads the 8-bit trainId labels instead of the 16-bit originals.
# Evaluated on Cityscapes val (the target) as ./gta5.py evaluates: the image resized to
# 1024x512, the label loaded after the resize (scored at 2048x1024); over the 19 classes and,
# as the field reports SYNTHIA -> Cityscapes, over the 16 classes SYNTHIA labels (mIoU16: all
# but terrain, truck, train) and the 13 of those without wall, fence, pole (mIoU13). Each is
# the mean of the per-class IoUs of the one 19 x 19 confusion matrix (IoUMetric's
# class_subsets).
synthia_root = 'data/synthia'
cityscapes_root = 'data/cityscapes'
crop_size = (512, 512)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadLabel'),
    dict(type='Resize', scale=(1280, 760)),
    dict(type='CatMaxRatioCrop', size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    pin_memory=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='segda.seg_collate'),
    dataset=dict(type='SynthiaDataset', data_root=synthia_root, pipeline=train_pipeline))
test_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='LoadLabel'),
    dict(type='PackSegInputs'),
]
val_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    pin_memory=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='segda.seg_collate'),
    dataset=dict(type='CityscapesDataset', data_root=cityscapes_root, split='val',
                 pipeline=test_pipeline, test_mode=True))
test_dataloader = val_dataloader
synthia_16_classes = [
    'road', 'sidewalk', 'building', 'wall', 'fence', 'pole', 'traffic light', 'traffic sign',
    'vegetation', 'sky', 'person', 'rider', 'car', 'bus', 'motorcycle', 'bicycle']
synthia_13_classes = [
    'road', 'sidewalk', 'building', 'traffic light', 'traffic sign', 'vegetation', 'sky',
    'person', 'rider', 'car', 'bus', 'motorcycle', 'bicycle']
val_evaluator = dict(
    type='IoUMetric',  # the 19 classes from the dataset's metainfo, and the two subsets
    class_subsets=dict(mIoU16=synthia_16_classes, mIoU13=synthia_13_classes))
test_evaluator = val_evaluator
