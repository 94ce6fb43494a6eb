# ADR, MNIST -> USPS (Saito et al., ICLR 2018, Table 1: ADR 91.3 +- 0.65 (from C'), source only
# 77.0, ENT 89.6 +- 1.44). ADDA's LeNet with BatchNorm, dropout in C; C is the critic, symmetric
# KL of two dropout samples; C' (dropout-free, trained on source features) evaluated alongside C.
# Schedule (ADR appendix B, _base_/schedules/adr_adam_digits.py): Adam lr 2e-4, 128 source + 128
# target images per batch, 20,000 iterations, n = 4 generator steps (Sec. 4.2).
_base_ = [
    '_base_/models/adr_lenet_grey.py',
    '_base_/datasets/mnist_to_usps.py',
    '../_base_/methods/adr.py',
    '_base_/schedules/adr_adam_digits.py',
]
train_dataloader = dict(batch_size=128)  # per domain (ADR appendix B)
method = dict(clean_head=True)  # C', a dropout-free copy of C on source features (app. D)
