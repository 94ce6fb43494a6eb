# Domain confusion, Office-31 Amazon -> Webcam (Zhang et al., CVPR 2019, Table 4, "Domain
# Confusion": A -> W 83.0 +- 0.1; "Adding Em" with model.entropy_weight=1: 89.8 +- 0.7), the
# baseline of Eq. 1-4 on SymNets' network: G = ImageNet ResNet-50 without its last FC layer,
# C = one FC layer to the 31 classes, D = _base_/methods/domain_confusion_office.py.
# Schedule (_base_/schedules/sgd_annealed_finetune.py, SymNets Sec. 4.1 after DANN): SGD
# momentum 0.9, lr 0.001 for the pretrained ResNet and 0.01 for the new layers (C and D),
# annealed (alpha 10, beta 0.75), 64 + 64 images per batch, 10,000 iterations (not stated).
# Other Office-31 tasks: override the two domain names (see _base_/datasets/office31.py).
_base_ = [
    '_base_/models/resnet50_fc.py',
    '_base_/datasets/office31.py',
    '_base_/methods/domain_confusion_office.py',
    '_base_/schedules/sgd_annealed_finetune.py',
]
train_dataloader = dict(batch_size=64)  # per domain: SymNets' batch of 128
model = dict(task=dict(num_classes=31))  # Office-31's 31 classes
