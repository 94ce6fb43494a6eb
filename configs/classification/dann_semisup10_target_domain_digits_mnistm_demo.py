# DANN, semi-supervised, with the labelled target images seen as TARGET by the domain
# classifier: dann_semisup10_digits_mnistm_demo.py (Ganin et al., JMLR 2016, Sec. 5.2.4 and
# Fig. 7; network, DANN's SGD schedule, separate BatchNorm, the same 10 labelled target
# training images per class drawn with per_class_seed) but those images carry
# domain_label=1: they still join the source stream for the label predictor, and DANN's
# domain loss gives them d_i = 1 (target) instead of the source stream's 0 (JMLR Algorithm 1
# / Eq. 9-10; docs/methods.md). The paper does not say which domain label the revealed
# images get; this is the other reading. Fig. 7's own pair takes the same switch as one
# option: dann_semisup430_synsigns_to_gtsrb.py
# --cfg-options train_dataloader.dataset.source.datasets.1.domain_label=1
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '_base_/methods/dann_digits.py',
]
method = dict(domain_bn='separate')  # as dann_digits_mnistm_demo.py
labelled_target = dict(type='MNISTMDataset', data_root='data/digits_mnistm_demo/target',
                       split='train', per_class=10, per_class_seed=0, domain_label=1,
                       pipeline=[dict(type='PackClsInputs')])
source = dict(type='MNISTDataset', data_root='data/digits_mnistm_demo/source', split='train',
              pipeline=[dict(type='GreyToRGB'), dict(type='PackClsInputs')])
train_dataloader = dict(dataset=dict(source=dict(
    _delete_=True, type='ConcatDataset', datasets=[source, labelled_target])))
