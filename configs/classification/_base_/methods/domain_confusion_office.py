# "Domain Confusion", the baseline of SymNets' Table 4 (Zhang et al., CVPR 2019, Sec. 3,
# Eq. 1-4, after Tzeng et al. 2015): a domain discriminator D in parallel with C on G's
# pool5 features; D minimises Eq. 2, G minimises Eq. 1 + lambda_p Eq. 3, lambda_p ramped with
# gamma = 10 (Sec. 4.1). SymNets does not describe D: DANN's Office domain classifier
# x -> 1024 -> 1024 -> 1 with dropout 0.5 (JMLR 2016, footnote 5). Each domain through G
# alone (domain_bn='separate'), as SymNets' configs, so the Table 4 rows differ in their
# objectives only. entropy_weight=1 gives "Domain Confusion (Adding Em)".
method = dict(type='DomainConfusion',
              discriminator=dict(type='MLPDiscriminator', hidden=(1024, 1024), dropout=0.5),
              gamma=10.0, entropy_weight=0.0, domain_bn='separate')
# D learns with the optimiser of C (a copy of optim_wrapper.head) unless a leaf gives
# optim_wrapper.discriminator its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(discriminator='head')
