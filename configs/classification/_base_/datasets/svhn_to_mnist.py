# SVHN (source, train_32x32.mat, 73,257) -> MNIST (target, 60,000 train unlabelled;
# evaluated on its 10,000 test images), DANN JMLR 2016 Sec. 5.2.4 and ADR Table 1 (the
# standard training splits, ADR appendix B). MNIST resized to 32 x 32 and repeated to three
# channels for the SVHN network.
_base_ = ['./digit_pairs.py']
source = dict(type='SVHNDataset', data_root='data/svhn', split='train',
              pipeline=[dict(type='PackClsInputs')])
target_pipeline = [dict(type='Resize', scale=(32, 32)), dict(type='GreyToRGB'),
                   dict(type='PackClsInputs')]
target = dict(type='MNISTDataset', data_root='data/mnist', split='train', with_labels=False,
              pipeline=target_pipeline)
target_test = dict(type='MNISTDataset', data_root='data/mnist', split='test',
                   pipeline=target_pipeline, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = val_dataloader
