# MNIST (source, 60,000 train) -> MNIST-M (target, 59,001 train unlabelled; evaluated on its
# 9,001 test images), DANN JMLR 2016 Sec. 5.2.4. 28 x 28; MNIST repeated to three channels.
_base_ = ['./digit_pairs.py']
source = dict(type='MNISTDataset', data_root='data/mnist', split='train',
              pipeline=[dict(type='GreyToRGB'), dict(type='PackClsInputs')])
target_pipeline = [dict(type='PackClsInputs')]
target = dict(type='MNISTMDataset', data_root='data/mnist_m', split='train', with_labels=False,
              pipeline=target_pipeline)
target_test = dict(type='MNISTMDataset', data_root='data/mnist_m', split='test',
                   pipeline=target_pipeline, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = val_dataloader
