# Syn Signs (source, the 100,000 images of synthetic_data.zip) -> GTSRB (target), DANN JMLR
# 2016 Sec. 5.2.4: "we use 31,367 random training samples for unsupervised adaptation and
# the rest for evaluation" (GTSRBDataset part='adapt' / 'held_out' of Final_Training's
# 39,209 images, drawn with split_seed; the official Final_Test is not used). Every image
# resized to the GTSRB network's 40 x 40 (GTSRB's vary in size; the whole image, its ROI
# columns are not read).
_base_ = ['./digit_pairs.py']
pipeline = [dict(type='Resize', scale=(40, 40)), dict(type='PackClsInputs')]
source = dict(type='SynSignsDataset', data_root='data/syn_signs', pipeline=pipeline)
# The two parts come from one draw: keep num_adapt and split_seed equal in both (and in a
# leaf's labelled target images) so they stay disjoint.
target = dict(type='GTSRBDataset', data_root='data/gtsrb', split='train', part='adapt',
              num_adapt=31367, split_seed=0, with_labels=False, pipeline=pipeline)
target_test = dict(type='GTSRBDataset', data_root='data/gtsrb', split='train',
                   part='held_out', num_adapt=31367, split_seed=0, pipeline=pipeline,
                   test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = val_dataloader
