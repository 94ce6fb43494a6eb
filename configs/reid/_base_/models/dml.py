# The DML network (Yi et al. 2014) as DANN JMLR 2016 Sec. 5.3.2 uses it: G = three part
# flows (7x7 and 5x5 convolutions, ReLU, max pooling; the first convolution shared;
# dropout 0.5 after the concatenation), C = one FC layer to a 500-d descriptor; the
# binomial deviance (alpha 2, beta 0.5, c 2) over all pairs of a batch, no identity loss.
model = dict(
    type='SourceOnly',
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(
        type='ReIDTask',
        backbone=dict(type='DMLNet'),
        head=dict(type='ReIDDescriptorHead', out_channels=500),
        alpha=2.0, beta=0.5, c=2.0, flip_test=True))
