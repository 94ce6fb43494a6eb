# MNIST (source, 60,000 train, resized to 32 x 32 and repeated to three channels for the SVHN
# network) -> SVHN (target, train_32x32.mat 73,257 unlabelled; evaluated on its 26,032 test
# images): the direction DANN JMLR 2016 Sec. 5.2.4 reports as its failure case (source only
# about 0.25, "it doesn't manage to improve upon the performance of the non-adapted model").
_base_ = ['./digit_pairs.py']
source_pipeline = [dict(type='Resize', scale=(32, 32)), dict(type='GreyToRGB'),
                   dict(type='PackClsInputs')]
source = dict(type='MNISTDataset', data_root='data/mnist', split='train',
              pipeline=source_pipeline)
target_pipeline = [dict(type='PackClsInputs')]
target = dict(type='SVHNDataset', data_root='data/svhn', split='train', with_labels=False,
              pipeline=target_pipeline)
target_test = dict(type='SVHNDataset', data_root='data/svhn', split='test',
                   pipeline=target_pipeline, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = val_dataloader
