# Source only, Syn Numbers -> SVHN (Ganin et al., JMLR 2016, Table 2, "Source only"):
# the twin of dann_syn_digits_to_svhn.py without the domain classifier; same network (Fig. 4b),
# data and schedule (SGD momentum 0.9, lr 0.01 annealed, 64 + 64 per batch, 30,000
# iterations).
_base_ = [
    '_base_/models/dann_svhn.py',
    '_base_/datasets/syn_digits_to_svhn.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
