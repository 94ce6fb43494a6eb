# DANN for the digit networks (Ganin et al., JMLR 2016, Sec. 5.2.2): the domain classifier
# x -> 100 -> 1 on G's features (MLPDiscriminator), lambda_p ramped with gamma = 10.
_base_ = ['../../../_base_/methods/dann.py']
method = dict(discriminator=dict(_delete_=True, type='MLPDiscriminator', hidden=(100,)))
