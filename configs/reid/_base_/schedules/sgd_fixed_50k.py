# The 50,000-iteration schedule of the harder pairs (DANN JMLR 2016 Sec. 5.3.3: CUHK/p1 ->
# VIPeR, VIPeR -> CUHK/p1, PRID -> VIPeR); otherwise sgd_fixed_20k.py.
_base_ = ['./sgd_fixed_20k.py']
train_cfg = dict(max_iters=50000, val_interval=10000)
