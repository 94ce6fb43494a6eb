# DANN on SynthCity (the twin of dann_fcn_gta5.py): per-pixel discriminator (128, 128 on
# ResNet-18's 512 channels) on the deepest map behind a gradient reversal layer, lambda_p
# ramped from 0 to 1.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/dann.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
model = {{_base_.method}}  # the method of _base_/methods/dann.py around the model
optim_wrapper = dict(discriminator=dict(type='OptimWrapper', optimizer={{_base_.sgd}}))
