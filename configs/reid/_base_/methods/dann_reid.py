# DANN for re-ID (DANN JMLR 2016 Sec. 5.3.2), as configs/_base_/methods/dann.py
# (gradient reversal, logistic domain loss, the lambda_p
# ramp with gamma 10) with the re-ID domain classifier x -> 500 -> 1 on G's features.
method = dict(type='DANN', discriminator=dict(type='MLPDiscriminator', hidden=(500,)), gamma=10.0)
# D learns with the optimiser of C (a copy of optim_wrapper.head) unless a leaf gives
# optim_wrapper.discriminator its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(discriminator='head')
