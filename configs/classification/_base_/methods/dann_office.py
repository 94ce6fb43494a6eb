# DANN for the Office networks (Ganin et al., JMLR 2016, footnote 5): the 2-layer domain
# classifier x -> 1024 -> 1024 -> 1 on the 256-d bottleneck (MLPDiscriminator; dropout 0.5
# after each hidden ReLU, as in the authors' Caffe model), lambda_p ramped with gamma = 10.
method = dict(type='DANN',
              discriminator=dict(type='MLPDiscriminator', hidden=(1024, 1024), dropout=0.5),
              gamma=10.0)
# D learns with the optimiser of C (a copy of optim_wrapper.head) unless a leaf gives
# optim_wrapper.discriminator its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(discriminator='head')
