# ENT, ADR's entropy baseline (Saito et al., ICLR 2018, appendix A), MNIST -> USPS (Table 1: ADR
# 91.3 +- 0.65 (from C'), source only 77.0, ENT 89.6 +- 1.44): ADR's three steps with the entropy
# of C's target predictions as the critic. ADDA's LeNet with BatchNorm, dropout in C; same data
# and schedule as adr_mnist_to_usps.py. Schedule (ADR appendix B,
# _base_/schedules/adr_adam_digits.py): Adam lr 2e-4, 128 source + 128 target images per batch,
# 20,000 iterations, n = 4 generator steps (Sec. 4.2).
_base_ = [
    '_base_/models/adr_lenet_grey.py',
    '_base_/datasets/mnist_to_usps.py',
    '../_base_/methods/adr.py',
    '_base_/schedules/adr_adam_digits.py',
]
train_dataloader = dict(batch_size=128)  # per domain (ADR appendix B)
method = dict(type='ENT')  # C maximises, G minimises the target entropy (`discrepancy` unused)
