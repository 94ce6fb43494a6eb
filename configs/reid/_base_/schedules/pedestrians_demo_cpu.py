# The embedded pair's CPU schedule: SGD momentum 0.9 at a fixed learning rate (Sec. 5.3.2)
# raised to 0.01 (0.001 in the paper, whose 20k iterations do not fit a CPU minute), each
# part's gradient norm clipped at 10 (at lr 0.01 without clipping DANN's features blew up:
# NaN at iteration 105 of seed 0), 300 iterations, validated every 100 (the last one is
# the result). The same for source only, DANN and the oracle.
_base_ = ['./sgd_fixed_20k.py']
sgd = dict(type='SGD', lr=0.01, momentum=0.9)
clip = dict(max_norm=10.0)
optim_wrapper = dict(generator=dict(optimizer=sgd, clip_grad=clip),
                     head=dict(optimizer=sgd, clip_grad=clip))
train_cfg = dict(max_iters=300, val_interval=100)
