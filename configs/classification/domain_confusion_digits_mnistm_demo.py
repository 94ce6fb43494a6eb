# Domain confusion on the embedded digits pair built as MNIST-M was (tools/make_digits.py
# --target mnistm): printed digits -> the same digits over photo patches. Network, method and
# schedule of domain_confusion_digits_demo.py (its header says which paper each value
# follows); data _base_/datasets/digits_mnistm_demo.py.
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_mnistm_demo.py',
    '_base_/methods/domain_confusion_digits.py',
]
