# Source only, USPS -> MNIST (Saito et al., ICLR 2018, Table 1, "Source Only"; ADR 91.5 +- 3.61
# (from C'), source only 68.1, ENT 89.2 +- 3.07): the twin of adr_usps_to_mnist.py trained on the
# labelled source alone. ADDA's LeNet with BatchNorm, dropout in C. Schedule (ADR appendix B,
# _base_/schedules/adr_adam_digits.py): Adam lr 2e-4, 128 source + 128 target images per batch,
# 20,000 iterations.
_base_ = [
    '_base_/models/adr_lenet_grey.py',
    '_base_/datasets/usps_to_mnist.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/adr_adam_digits.py',
]
train_dataloader = dict(batch_size=128)  # per domain (ADR appendix B)
