# DANN's schedule (digits_demo_sgd.py: SGD, momentum 0.9, annealed lr; Ganin et al., JMLR 2016,
# Sec. 5.2.2) for G, C and the domain classifier D; lambda_p's ramp is DANN's own (gamma 10,
# configs/_base_/methods/dann.py).
_base_ = ['./digits_demo_sgd.py']
optim_wrapper = dict(discriminator=dict(type='OptimWrapper', optimizer={{_base_.sgd}}))
