# DANN (D = x -> 500 -> 1 on G's features behind the gradient reversal layer, lambda_p ramp),
# CUHK/p1 (CUHK01) -> PRID2011. DANN JMLR 2016 Fig. 9e (CUHK/p1 -> PRID); 20,000 iterations
# (Sec. 5.3.3) of 128 source + 128 target images, SGD lr 0.001 fixed, momentum 0.9 (Sec.
# 5.3.2). Data layouts: docs/datasets.md (re-ID).
_base_ = [
    '_base_/models/dml.py',
    '_base_/datasets/cuhk01_to_prid2011.py',
    '_base_/methods/dann_reid.py',
    '_base_/schedules/sgd_fixed_20k.py',
]
