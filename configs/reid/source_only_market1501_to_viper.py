# Source only, Market-1501 -> VIPeR. Not in the paper (Market-1501 is later); the schedule of
# Fig. 9a; 20,000 iterations (Sec. 5.3.3) of 128 source + 128 target images, SGD lr 0.001
# fixed, momentum 0.9 (Sec. 5.3.2). Data layouts: docs/datasets.md (re-ID).
_base_ = [
    '_base_/models/dml.py',
    '_base_/datasets/market1501_to_viper.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/sgd_fixed_20k.py',
]
