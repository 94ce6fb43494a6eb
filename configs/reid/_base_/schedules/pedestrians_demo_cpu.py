# The embedded pair's CPU schedule: SGD momentum 0.9 at a fixed learning rate (Sec. 5.3.2)
# raised to 0.01 (0.001 in the paper, whose 20k iterations do not fit a CPU minute),
# 300 iterations, validated every 100 (the last one is the result).
_base_ = ['./sgd_fixed_20k.py']
sgd = dict(type='SGD', lr=0.01, momentum=0.9)
optim_wrapper = dict(generator=dict(optimizer=sgd), head=dict(optimizer=sgd))
train_cfg = dict(max_iters=300, val_interval=100)
