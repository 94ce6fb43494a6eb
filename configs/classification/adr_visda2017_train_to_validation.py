# ADR, VisDA-2017 train -> validation (Saito et al., ICLR 2018, Table 2, the ResNet-101
# rows). G = ImageNet ResNet-101 without its
# top FC layer, C = three FC layers with dropout (the critic); C' evaluated alongside C; the
# metric logs the mean per-class accuracy (VisDA's convention).
# Schedule (ADR appendix C, _base_/schedules/adr_sgd_visda.py): SGD lr 1e-3, 32 + 32 images
# per batch, 20 epochs of the source (95,000 iterations).
# Table 2's "Ours (retrain classifier)" row: after training, python
# tools/analysis/retrain_classifier.py THIS_CONFIG work_dirs/<run>/iter_95000.pth --iters N
# trains a fresh C' (this clean head, the head's SGD) on the fixed G's source features and
# writes the checkpoint tools/test.py scores (accuracy_clean); the paper gives no N.
_base_ = [
    '_base_/models/resnet101_adr.py',
    '_base_/datasets/visda2017.py',
    '../_base_/methods/adr.py',
    '_base_/schedules/adr_sgd_visda.py',
]
train_dataloader = dict(batch_size=32)  # per domain (ADR appendix C)
method = dict(clean_head=True)  # C', a dropout-free copy of C on source features (app. D)
