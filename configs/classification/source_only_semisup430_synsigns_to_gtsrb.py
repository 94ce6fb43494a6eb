# Source only with the same 430 labelled GTSRB images (10 per class) as
# dann_semisup430_synsigns_to_gtsrb.py ("Syn + Real" of Ganin et al., JMLR 2016, Fig. 7: the
# labelled Syn Signs plus them; no domain classifier), the baseline that tells what the
# domain classifier adds to the few target labels. Network (Fig. 4c), data (Sec. 5.2.4) and
# schedule (SGD momentum 0.9, lr 0.01 annealed, 64 + 64 per batch, 30,000 iterations, not
# stated in the paper) as source_only_synsigns_to_gtsrb.py.
_base_ = [
    '_base_/models/dann_gtsrb.py',
    '_base_/datasets/syn_signs_to_gtsrb.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
labelled_target = dict(type='GTSRBDataset', data_root='data/gtsrb', split='train',
                       part='adapt', num_adapt=31367, split_seed=0, per_class=10,
                       per_class_seed=0, pipeline={{_base_.pipeline}})
train_dataloader = dict(dataset=dict(source=dict(
    _delete_=True, type='ConcatDataset', datasets=[{{_base_.source}}, labelled_target])))
