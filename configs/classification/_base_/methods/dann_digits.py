# DANN for the MNIST network (Ganin et al., JMLR 2016, Sec. 5.2.2: "a simpler (x -> 100 -> 2)
# architecture" for MNIST): the domain classifier x -> 100 -> 1 on G's features
# (MLPDiscriminator), lambda_p ramped with gamma = 10. Other networks: dann_svhn_net.py.
method = dict(type='DANN', discriminator=dict(type='MLPDiscriminator', hidden=(100,)), gamma=10.0)
# D learns with the optimiser of C (a copy of optim_wrapper.head) unless a leaf gives
# optim_wrapper.discriminator its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(discriminator='head')
