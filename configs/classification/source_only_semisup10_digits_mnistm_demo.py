# Source only with the same 10 labelled target images per class as
# dann_semisup10_digits_mnistm_demo.py (the labelled source plus them; no domain classifier):
# the baseline that tells what the domain classifier adds to the few target labels in the
# semi-supervised run (DANN JMLR 2016, Sec. 5.2.4, Fig. 7). DANN's SGD schedule and network
# as source_only_sgd_digits_mnistm_demo.py.
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '../_base_/methods/source_only.py',
]
labelled_target = dict(type='MNISTMDataset', data_root='data/digits_mnistm_demo/target',
                       split='train', per_class=10, per_class_seed=0,
                       pipeline=[dict(type='PackClsInputs')])
source = dict(type='MNISTDataset', data_root='data/digits_mnistm_demo/source', split='train',
              pipeline=[dict(type='GreyToRGB'), dict(type='PackClsInputs')])
train_dataloader = dict(dataset=dict(source=dict(
    _delete_=True, type='ConcatDataset', datasets=[source, labelled_target])))
