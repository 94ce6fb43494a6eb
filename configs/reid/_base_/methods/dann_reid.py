# DANN for re-ID (DANN JMLR 2016 Sec. 5.3.2), as configs/_base_/methods/dann.py
# (gradient reversal, logistic domain loss, the lambda_p
# ramp with gamma 10) with the re-ID domain classifier x -> 500 -> 1 on G's features.
method = dict(type='DANN', discriminator=dict(type='MLPDiscriminator', hidden=(500,)), gamma=10.0)
