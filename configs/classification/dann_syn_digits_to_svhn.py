# DANN, Syn Numbers -> SVHN (Ganin et al., JMLR 2016, Table 2: DANN 91.09). The SVHN architecture
# (Fig. 4b, dropout in C, l2 max-norm), domain classifier x -> 1024 -> 1024 -> 1 (Sec. 5.2.2).
# DANN's schedule (_base_/schedules/dann_sgd_annealed.py): SGD momentum 0.9, lr 0.01
# annealed (alpha 10, beta 0.75), 64 + 64 images per batch, 30,000 iterations (not stated in the
# paper), lambda_p ramped 0 -> 1 (gamma 10).
_base_ = [
    '_base_/models/dann_svhn.py',
    '_base_/datasets/syn_digits_to_svhn.py',
    '_base_/methods/dann_svhn_net.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
