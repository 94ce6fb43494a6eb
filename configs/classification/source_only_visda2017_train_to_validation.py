# Source only, VisDA-2017 train -> validation (Saito et al., ICLR 2018, Table 2, ResNet-101
# "Source Only"): the twin of adr_visda2017_train_to_validation.py
# (same network, data and schedule) trained on the labelled source alone.
# Schedule (ADR appendix C, _base_/schedules/adr_sgd_visda.py): SGD lr 1e-3, 32 + 32 images
# per batch, 20 epochs of the source (95,000 iterations).
_base_ = [
    '_base_/models/resnet101_adr.py',
    '_base_/datasets/visda2017.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/adr_sgd_visda.py',
]
train_dataloader = dict(batch_size=32)  # per domain (ADR appendix C)
