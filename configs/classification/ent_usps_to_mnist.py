# ENT, ADR's entropy baseline (Saito et al., ICLR 2018, appendix A), USPS -> MNIST (Table 1: ADR
# 91.5 +- 3.61 (from C'), source only 68.1, ENT 89.2 +- 3.07): ADR's three steps with the entropy
# of C's target predictions as the critic. ADDA's LeNet with BatchNorm, dropout in C; same data
# and schedule as adr_usps_to_mnist.py. Schedule (ADR appendix B,
# _base_/schedules/adr_adam_digits.py): Adam lr 2e-4, 128 source + 128 target images per batch,
# 20,000 iterations, n = 4 generator steps (Sec. 4.2).
_base_ = [
    '_base_/models/adr_lenet_grey.py',
    '_base_/datasets/usps_to_mnist.py',
    '../_base_/methods/adr.py',
    '_base_/schedules/adr_adam_digits.py',
]
train_dataloader = dict(batch_size=128)  # per domain (ADR appendix B)
method = dict(type='ENT')  # C maximises, G minimises the target entropy (`discrepancy` unused)
