# Source only, ImageCLEF-DA ImageNet -> Pascal (Zhang et al., CVPR 2019, Table 2, "ResNet-50":
# 74.8 +- 0.3): the ImageNet ResNet-50 fine-tuned on the labelled source with one FC layer,
# the twin of symnets_imageclef_i_to_p.py (same network, data and schedule).
# Schedule (_base_/schedules/sgd_annealed_finetune.py, SymNets Sec. 4.1 after DANN): SGD
# momentum 0.9, lr 0.001 for the pretrained ResNet and 0.01 for the new layer, annealed
# (alpha 10, beta 0.75), 64 + 64 images per batch, 10,000 iterations (not stated).
# Other ImageCLEF-DA tasks: override the two domain names (see _base_/datasets/imageclef.py).
_base_ = [
    '_base_/models/resnet50_fc.py',
    '_base_/datasets/imageclef.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/sgd_annealed_finetune.py',
]
train_dataloader = dict(batch_size=64)  # per domain: SymNets' batch of 128
model = dict(task=dict(num_classes=12))  # ImageCLEF-DA's 12 classes
