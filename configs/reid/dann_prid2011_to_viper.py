# DANN (D = x -> 500 -> 1 on G's features behind the gradient reversal layer, lambda_p ramp),
# PRID2011 -> VIPeR. DANN JMLR 2016 Fig. 9c (PRID -> VIPeR); 50,000 iterations (Sec. 5.3.3) of
# 128 source + 128 target images, SGD lr 0.001 fixed, momentum 0.9 (Sec. 5.3.2). Data layouts:
# docs/datasets.md (re-ID).
_base_ = [
    '_base_/models/dml.py',
    '_base_/datasets/prid2011_to_viper.py',
    '_base_/methods/dann_reid.py',
    '_base_/schedules/sgd_fixed_20k.py',
]
train_cfg = dict(max_iters=50000, val_interval=10000)  # the harder pairs' length (Sec. 5.3.3)
