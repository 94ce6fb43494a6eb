# SymNets, ImageCLEF-DA ImageNet -> Pascal (Zhang et al., CVPR 2019, Table 2: I -> P
# 80.2 +- 0.3; ResNet-50 source only 74.8 +- 0.3). G = ImageNet ResNet-50 without its last
# FC layer, Cs = one FC layer to the 12 classes, Ct a second one (the method adds it),
# predictions from Ct and Cs scored alongside (accuracy_source, Fig. 4), each domain through
# G alone (Sec. 4.1; _base_/methods/symnets.py).
# Schedule (_base_/schedules/sgd_annealed_finetune.py, SymNets Sec. 4.1 after DANN, the same
# for every dataset): SGD momentum 0.9, lr 0.001 for the pretrained ResNet and 0.01 for Cs
# and Ct (10x), annealed (alpha 10, beta 0.75), a batch of 128 as 64 + 64 images, lambda_p
# ramped with gamma 10; 10,000 iterations (not stated).
# Other ImageCLEF-DA tasks: override the two domain names (see _base_/datasets/imageclef.py).
_base_ = [
    '_base_/models/resnet50_fc.py',
    '_base_/datasets/imageclef.py',
    '../_base_/methods/symnets.py',
    '_base_/schedules/sgd_annealed_finetune.py',
]
train_dataloader = dict(batch_size=64)  # per domain: SymNets' batch of 128
model = dict(task=dict(num_classes=12))  # ImageCLEF-DA's 12 classes
