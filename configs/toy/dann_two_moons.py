# DANN on two moons (JMLR 2016 Sec. 5.1.1, see _base_/dann_moons.py), target rotated by 35
# degrees. The domain regressor of Sec. 4.1 (Eq. 7) is a logistic regression on the 15
# hidden neurons (MLPDiscriminator without hidden layers), behind the gradient reversal
# layer, with the paper's fixed lambda = 6 (Algorithm 1; gamma=None: no ramp).
_base_ = ['./_base_/dann_moons.py']
model = dict(type='DANN',
             discriminator=dict(type='MLPDiscriminator', hidden=()),
             gamma=None, max_lambda=6.0)
optim_wrapper = dict(discriminator=dict(type='OptimWrapper', optimizer={{_base_.adam}}))
