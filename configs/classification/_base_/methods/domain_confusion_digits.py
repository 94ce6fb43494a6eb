# "Domain Confusion", the baseline of SymNets' Table 4 (Zhang et al., CVPR 2019, Sec. 3,
# Eq. 1-4), on the digit networks: D in parallel with C on G's features; D minimises Eq. 2,
# G minimises Eq. 1 + lambda_p Eq. 3, lambda_p ramped with gamma = 10 (Sec. 4.1). SymNets does
# not describe D: the domain classifier of DANN's MNIST network, x -> 100 -> 1 (JMLR 2016,
# Sec. 5.2.2). Each domain through G alone (domain_bn='separate'), as the SymNets and DANN
# digits configs. entropy_weight=1 gives "Domain Confusion (Adding Em)".
method = dict(type='DomainConfusion', discriminator=dict(type='MLPDiscriminator', hidden=(100,)),
              gamma=10.0, entropy_weight=0.0, domain_bn='separate')
# D learns with the optimiser of C (a copy of optim_wrapper.head) unless a leaf gives
# optim_wrapper.discriminator its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(discriminator='head')
