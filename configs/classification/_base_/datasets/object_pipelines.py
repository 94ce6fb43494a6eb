# The object benchmarks (Office-31, Office-Home, ImageCLEF-DA, VisDA-2017) over the domain-pair
# loaders: ImageNet-style pipelines (training images resized to 256 x 256, a random 224 x 224
# crop and a horizontal flip; evaluation images resized to 224 x 224), 32 images per domain
# per batch, four loader workers. A dataset file sets `source`, `target` (unlabelled) and
# `target_test`.
_base_ = ['../../../_base_/datasets/domain_pair.py']
train_pipeline = [
    dict(type='Resize', scale=(256, 256)),
    dict(type='RandomCrop', size=(224, 224)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackClsInputs'),
]
test_pipeline = [dict(type='Resize', scale=(224, 224)), dict(type='PackClsInputs')]
train_dataloader = dict(batch_size=32, num_workers=4)
val_dataloader = dict(batch_size=64, num_workers=4)
test_dataloader = val_dataloader
