# Optimisers of the two-moons toy runs: Adam (lr 1e-2) for G and for C, one wrapper per part;
# a method that adds a part (DANN's discriminator) adds its wrapper with {{_base_.adam}}.
# The number of iterations is the set-up's own (adr_moons.py, dann_moons.py).
adam = dict(type='Adam', lr=1e-2)
optim_wrapper = dict(
    constructor='PartsOptimWrapperConstructor',
    generator=dict(type='OptimWrapper', optimizer=adam),
    head=dict(type='OptimWrapper', optimizer=adam))
