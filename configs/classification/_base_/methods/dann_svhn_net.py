# DANN for every digit or sign network but the MNIST one: SVHN's and GTSRB's (Ganin et al.,
# JMLR 2016, Sec. 5.2.2: "we use three (x -> 1024 -> 1024 -> 2) fully connected layers,
# except for MNIST"; Fig. 4b and 4c draw the 1024 -> 1024 domain classifier): the domain
# classifier x -> 1024 -> 1024 -> 1 (MLPDiscriminator; one logistic output is the paper's
# two-way softmax), lambda_p ramped with gamma = 10.
method = dict(type='DANN', discriminator=dict(type='MLPDiscriminator', hidden=(1024, 1024)),
              gamma=10.0)
# D learns with the optimiser of C (a copy of optim_wrapper.head) unless a leaf gives
# optim_wrapper.discriminator its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(discriminator='head')
