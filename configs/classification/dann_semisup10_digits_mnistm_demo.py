# DANN, semi-supervised (Ganin et al., JMLR 2016, Sec. 5.2.4 and Fig. 7: "we reveal 430
# labeled examples (10 samples per class) and add them to the training set for the label
# predictor"), on the embedded digits pair built as MNIST-M was: dann_digits_mnistm_demo.py
# (network, DANN's SGD schedule, separate BatchNorm) with 10 labelled target training images
# per class (drawn with per_class_seed) joining the labelled source. They join the source
# stream, so the domain classifier counts them as source; the paper does not say otherwise
# (dann_semisup10_target_domain_digits_mnistm_demo.py: the same run with them seen as target).
# The unlabelled target stream still holds every target training image. Fig. 7's own pair
# (Syn Signs -> GTSRB, 43 classes: 430 images) is dann_semisup430_synsigns_to_gtsrb.py; it
# needs the real archives.
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '_base_/methods/dann_digits.py',
]
method = dict(domain_bn='separate')  # as dann_digits_mnistm_demo.py
labelled_target = dict(type='MNISTMDataset', data_root='data/digits_mnistm_demo/target',
                       split='train', per_class=10, per_class_seed=0,
                       pipeline=[dict(type='PackClsInputs')])
source = dict(type='MNISTDataset', data_root='data/digits_mnistm_demo/source', split='train',
              pipeline=[dict(type='GreyToRGB'), dict(type='PackClsInputs')])
train_dataloader = dict(dataset=dict(source=dict(
    _delete_=True, type='ConcatDataset', datasets=[source, labelled_target])))
