# DANN, semi-supervised, Syn Signs -> GTSRB ("Syn + Real Adapted" of Ganin et al., JMLR 2016,
# Fig. 7: "we reveal 430 labeled examples (10 samples per class) and add them to the training
# set for the label predictor"; the text gives the figure's curves, no number):
# dann_synsigns_to_gtsrb.py (network, data, DANN's schedule) with 10 labelled GTSRB images
# per class, drawn with per_class_seed from the 31,367-image adaptation part (never from
# the evaluation part), joining the labelled Syn Signs. They join the source stream, so the
# domain classifier counts them as source, as in dann_semisup10_digits_mnistm_demo.py (the
# paper does not say otherwise; --cfg-options
# train_dataloader.dataset.source.datasets.1.domain_label=1 makes them target for it); the
# unlabelled target stream still holds all 31,367.
_base_ = [
    '_base_/models/dann_gtsrb.py',
    '_base_/datasets/syn_signs_to_gtsrb.py',
    '_base_/methods/dann_svhn_net.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
labelled_target = dict(type='GTSRBDataset', data_root='data/gtsrb', split='train',
                       part='adapt', num_adapt=31367, split_seed=0, per_class=10,
                       per_class_seed=0, pipeline={{_base_.pipeline}})
train_dataloader = dict(dataset=dict(source=dict(
    _delete_=True, type='ConcatDataset', datasets=[{{_base_.source}}, labelled_target])))
