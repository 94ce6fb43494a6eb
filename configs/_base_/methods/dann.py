# DANN (Ganin et al., JMLR 2016): a per-pixel domain discriminator on the deepest backbone
# map behind a gradient reversal layer with lambda_p = 2 / (1 + exp(-10 p)) - 1 (as the
# ADR paper's DANN baseline for segmentation, after Hoffman et al. 2016). The discriminator
# has two hidden 1x1 convs a quarter as wide as the map it reads (ResNet-50: 2048 -> 512).
method = dict(
    type='DANN',
    discriminator=dict(type='PixelDiscriminator', kernel_size=1),
    gamma=10.0)
# D learns with the optimiser of C (a copy of optim_wrapper.head) unless a leaf gives
# optim_wrapper.discriminator its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(discriminator='head')
