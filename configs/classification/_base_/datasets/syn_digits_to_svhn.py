# Syn Numbers (source, synth_train_32x32.mat) -> SVHN (target, train_32x32.mat unlabelled;
# evaluated on test_32x32.mat), DANN JMLR 2016 Sec. 5.2.4. 32 x 32 colour.
_base_ = ['./digit_pairs.py']
pipeline = [dict(type='PackClsInputs')]
source = dict(type='SynDigitsDataset', data_root='data/syn_digits', split='train',
              pipeline=pipeline)
target = dict(type='SVHNDataset', data_root='data/svhn', split='train', with_labels=False,
              pipeline=pipeline)
target_test = dict(type='SVHNDataset', data_root='data/svhn', split='test', pipeline=pipeline,
                   test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = val_dataloader
