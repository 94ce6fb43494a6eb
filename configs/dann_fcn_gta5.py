# DANN (Ganin et al., JMLR 2016): a per-pixel domain discriminator on the deepest ResNet
# map behind a gradient reversal layer with lambda_p = 2 / (1 + exp(-10 p)) - 1 (as the
# ADR paper's DANN baseline for segmentation, after Hoffman et al. 2016).
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5_to_cityscapes.py',
    '_base_/schedules/parts_sgd_invlr_40k.py',
    '_base_/default_runtime.py',
]
model = dict(
    type='DANN',
    discriminator=dict(type='PixelDiscriminator', channels=(512, 512), kernel_size=1),
    gamma=10.0)
optim_wrapper = dict(discriminator=dict(type='OptimWrapper', optimizer={{_base_.sgd}}))
