# SymNets on the embedded digits pair (Zhang et al., CVPR 2019, Sec. 3): Cs = the LeNet
# head's final Linear, Ct a second one, everything below (the head's fc 500, BN, ReLU and
# dropout included) is G; lambda_p ramped as DANN's; predictions from Ct. Network, data and
# schedule of source_only_digits_demo.py.
_base_ = [
    '_base_/models/adr_lenet_rgb.py',
    '_base_/datasets/digits_demo.py',
    '../_base_/methods/symnets.py',
    '_base_/schedules/digits_demo_cpu.py',
    '_base_/digits_demo_runtime.py',
]
model = {{_base_.method}}
