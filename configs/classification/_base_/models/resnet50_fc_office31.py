# SymNets' ResNet-50 network (resnet50_fc.py) for Office-31's 31 classes.
_base_ = ['./resnet50_fc.py']
model = dict(task=dict(num_classes=31))
