# SymNets' ResNet-50 network (resnet50_fc.py) for ImageCLEF-DA's 12 classes.
_base_ = ['./resnet50_fc.py']
model = dict(task=dict(num_classes=12))
