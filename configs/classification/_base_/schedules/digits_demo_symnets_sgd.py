# SymNets' schedule (Zhang et al., CVPR 2019, Sec. 4.1): DANN's annealed SGD (digits_demo_sgd.py:
# momentum 0.9, mu_0 = 0.01, alpha 10, beta 0.75) with the classifiers Cs/Ct (part 'head') at
# 10x G's learning rate; lambda_p ramped with gamma 10 (the method).
_base_ = ['./digits_demo_sgd.py']
optim_wrapper = dict(head=dict(optimizer=dict(lr=0.1)))  # 10x G's 0.01 (Sec. 4.1)
