# DANN for re-ID (DANN JMLR 2016 Sec. 5.3.2): the method block of
# configs/_base_/methods/dann.py (gradient reversal, logistic domain loss, the lambda_p
# ramp with gamma 10) with the re-ID domain classifier x -> 500 -> 1 on G's features.
_base_ = ['../../../_base_/methods/dann.py']
method = dict(discriminator=dict(_delete_=True, type='MLPDiscriminator', hidden=(500,)))
