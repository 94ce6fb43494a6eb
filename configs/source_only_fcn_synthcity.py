# Source only on SynthCity: ResNet-18 FCN from scratch, 256x128 inputs, on a CPU in minutes.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity.py',
    '_base_/methods/source_only.py',
    '_base_/schedules/synthcity_cpu.py',
    '_base_/synthcity_runtime.py',
]
