# The embedded digits pair built as MNIST-M was (tools/make_digits.py --target mnistm: printed
# Hershey-font digits in MNIST's idx layout -> the same digits blended over photo patches,
# |P - d| per channel, in MNIST-M's layout; 5,000 train and 1,000 test images each side):
# the shift is background and colour only, as MNIST -> MNIST-M. The loaders of
# digits_demo.py, read from data/digits_mnistm_demo.
_base_ = ['./digits_demo.py']
digits_mnistm_root = 'data/digits_mnistm_demo'
train_dataloader = dict(dataset=dict(source=dict(data_root=digits_mnistm_root + '/source'),
                                     target=dict(data_root=digits_mnistm_root + '/target')))
val_dataloader = dict(dataset=dict(data_root=digits_mnistm_root + '/target'))
test_dataloader = dict(dataset=dict(data_root=digits_mnistm_root + '/target'))
