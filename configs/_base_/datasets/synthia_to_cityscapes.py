# SYNTHIA (./synthia.py, labelled source) -> Cityscapes train (unlabelled target), evaluated
# on Cityscapes val over the 19 classes and, as the field reports this pair, over the 16
# classes SYNTHIA labels (mIoU16: all but terrain, truck, train) and the 13 of those
# without wall, fence, pole (mIoU13). Each is the mean of the per-class IoUs of the one
# 19 x 19 confusion matrix (IoUMetric's class_subsets). The target as DAFormer's: resized
# to 1024x512, cropped at random to the source's 512x512 (a method runs G once on both
# domains concatenated, so their crops must be the same size), then flipped.
_base_ = ['./synthia.py']
target_pipeline = [
    dict(type='LoadImage'),
    dict(type='Resize', scale=(1024, 512)),
    dict(type='RandomCrop', size={{_base_.crop_size}}),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    sampler=dict(type='DomainPairSampler', shuffle=True),
    dataset=dict(
        _delete_=True,
        type='DomainPairDataset',
        source={{_base_.train_dataloader.dataset}},  # the labelled source set of the base
        target=dict(type='CityscapesDataset', data_root={{_base_.cityscapes_root}},
                    split='train', pipeline=target_pipeline)))
synthia_16_classes = [
    'road', 'sidewalk', 'building', 'wall', 'fence', 'pole', 'traffic light', 'traffic sign',
    'vegetation', 'sky', 'person', 'rider', 'car', 'bus', 'motorcycle', 'bicycle']
synthia_13_classes = [
    'road', 'sidewalk', 'building', 'traffic light', 'traffic sign', 'vegetation', 'sky',
    'person', 'rider', 'car', 'bus', 'motorcycle', 'bicycle']
val_evaluator = dict(
    type='IoUMetric',
    class_subsets=dict(mIoU16=synthia_16_classes, mIoU13=synthia_13_classes))
test_evaluator = val_evaluator
