# VisDA-2017 classification (Peng et al. 2017), ADR Table 2: the synthetic train split
# (152,397 renders, labelled) -> the real validation split (55,388 photos, unlabelled for
# training, evaluated with their labels; the VisDA convention reports the mean per-class
# accuracy). Each split read from its image_list.txt.
_base_ = ['./object_pipelines.py']
visda_root = 'data/visda2017'
source = dict(type='VisDA2017Dataset', data_root=visda_root, split='train',
              pipeline={{_base_.train_pipeline}})
target = dict(type='VisDA2017Dataset', data_root=visda_root, split='validation',
              with_labels=False, pipeline={{_base_.train_pipeline}})
target_test = dict(type='VisDA2017Dataset', data_root=visda_root, split='validation',
                   pipeline={{_base_.test_pipeline}}, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = dict(dataset=target_test)
