# SymNets, Office-31 Amazon -> Webcam (Zhang et al., CVPR 2019, Table 1: A -> W 90.8 +- 0.1;
# ResNet-50 source only 68.4). G = ImageNet ResNet-50 without its last FC layer, Cs = one FC
# layer to the 31 classes, Ct a second one (the method adds it), predictions from Ct.
# Schedule (_base_/schedules/sgd_annealed_finetune.py, SymNets Sec. 4.1 after DANN): SGD
# momentum 0.9, lr 0.001 for the pretrained ResNet and 0.01 for the new layers, annealed
# (alpha 10, beta 0.75), 64 + 64 images per batch, 10,000 iterations (not stated).
# Other Office-31 tasks: override the two domain names (see _base_/datasets/office31.py
# and the README).
_base_ = [
    '_base_/models/resnet50_fc.py',
    '_base_/datasets/office31.py',
    '../_base_/methods/symnets.py',
    '_base_/schedules/sgd_annealed_finetune.py',
]
train_dataloader = dict(batch_size=64)  # per domain: SymNets' batch of 128
model = dict(task=dict(num_classes=31))  # Office-31's 31 classes
