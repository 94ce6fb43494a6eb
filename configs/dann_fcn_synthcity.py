# DANN on SynthCity (the twin of dann_fcn_gta5.py): per-pixel discriminator on the deepest
# map behind a gradient reversal layer, lambda_p ramped from 0 to 1.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
]
model = dict(type='DANN',
             discriminator=dict(type='PixelDiscriminator', channels=(128, 128), kernel_size=1),
             gamma=10.0)
optim_wrapper = dict(discriminator=dict(type='OptimWrapper', optimizer={{_base_.sgd}}))
