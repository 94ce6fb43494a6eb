# SymNets, Office-Home Art -> Clipart (Zhang et al., CVPR 2019, Table 3: Ar -> Cl 47.7;
# ResNet-50 source only 34.9). G = ImageNet ResNet-50 without its last FC layer, Cs = one FC
# layer to the 65 classes, Ct a second one, predictions from Ct.
# Schedule (_base_/schedules/sgd_annealed_finetune.py, SymNets Sec. 4.1 after DANN): SGD
# momentum 0.9, lr 0.001 for the pretrained ResNet and 0.01 for the new layers, annealed
# (alpha 10, beta 0.75), 64 + 64 images per batch, 10,000 iterations (not stated).
# Other Office-Home tasks: override the two domain names (see _base_/datasets/office_home.py
# and the README).
_base_ = [
    '_base_/models/resnet50_fc.py',
    '_base_/datasets/office_home.py',
    '../_base_/methods/symnets.py',
    '_base_/schedules/sgd_annealed_finetune.py',
]
train_dataloader = dict(batch_size=64)  # per domain: SymNets' batch of 128
model = dict(task=dict(num_classes=65))  # Office-Home's 65 classes
