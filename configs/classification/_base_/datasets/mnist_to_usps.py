# MNIST -> USPS in ADR's protocol (Table 1, appendix B, after ADDA): 2,000 MNIST training
# images (source) and 1,800 USPS training images (target, unlabelled), here the first ones
# of each file (`indices`); evaluated on USPS's 2,007 test images. Grey, 28 x 28 (USPS's
# 16 x 16 resized) for ADDA's LeNet.
_base_ = ['./digit_pairs.py']
usps_pipeline = [dict(type='Resize', scale=(28, 28)), dict(type='PackClsInputs')]
mnist_pipeline = [dict(type='PackClsInputs')]
source = dict(type='MNISTDataset', data_root='data/mnist', split='train', indices=2000,
              pipeline=mnist_pipeline)
target = dict(type='USPSDataset', data_root='data/usps', split='train', indices=1800,
              with_labels=False, pipeline=usps_pipeline)
target_test = dict(type='USPSDataset', data_root='data/usps', split='test',
                   pipeline=usps_pipeline, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = val_dataloader
