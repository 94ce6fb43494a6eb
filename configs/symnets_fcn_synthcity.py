# SymNets on SynthCity (the twin of symnets_fcn_gta5.py): Cs/Ct = the score convs, fc6/fc7
# in G, predictions from Ct, source and target forwarded separately (domain_bn='separate').
# The paper's conditions (Sec. 4.1): the classifiers learn at 10x G's rate (0.1 against 1e-2).
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/symnets.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
# ResNet-18 FCN from scratch (no ImageNet weights), a 128-wide decoder.
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
optim_wrapper = dict(head=dict(optimizer=dict(lr=0.1)))  # Cs/Ct at 10x G's 1e-2 (Sec. 4.1)
