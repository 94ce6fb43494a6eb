# DANN, Office-31 Amazon -> Webcam (Ganin et al., JMLR 2016, Table 3, with
# AlexNet; here on the pooled ResNet-50 of SymNets Table 1, whose DANN row is 82.0 +- 0.4).
# G = ImageNet ResNet-50 + 256-d bottleneck (footnote 5), C = one FC layer, domain classifier
# 256 -> 1024 -> 1024 -> 1 with dropout. Fully transductive: all source and all target images.
# Schedule (_base_/schedules/sgd_annealed_finetune.py, SymNets Sec. 4.1 after DANN): SGD
# momentum 0.9, lr 0.001 for the pretrained ResNet and 0.01 for the new layers, annealed
# (alpha 10, beta 0.75), 64 + 64 images per batch, 10,000 iterations (not stated).
# Other Office-31 tasks: override the two domain names (see _base_/datasets/office31.py
# and the README).
_base_ = [
    '_base_/models/resnet50_bottleneck.py',
    '_base_/datasets/office31.py',
    '_base_/methods/dann_office.py',
    '_base_/schedules/sgd_annealed_finetune.py',
]
train_dataloader = dict(batch_size=64)  # per domain: SymNets' batch of 128
