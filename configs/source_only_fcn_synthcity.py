# Source only on SynthCity: ResNet-18 FCN from scratch, 256x128 inputs, on a CPU in minutes.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity.py',
    '_base_/schedules/synthcity_cpu.py',
    '_base_/default_runtime.py',
]
model = dict(task=dict(backbone=dict(depth=18, pretrained=None),
                       decoder=dict(channels=128)))
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=500))
