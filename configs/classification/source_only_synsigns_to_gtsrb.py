# Source only, Syn Signs -> GTSRB ("Syn" of Ganin et al., JMLR 2016, Fig. 7; Table 2's
# "Source only" row, whose value is not in the paper's text copy): the twin of
# dann_synsigns_to_gtsrb.py without the domain classifier; same network (Fig. 4c), data
# (Sec. 5.2.4) and schedule (SGD momentum 0.9, lr 0.01 annealed, 64 + 64 per batch, 30,000
# iterations, not stated in the paper).
_base_ = [
    '_base_/models/dann_gtsrb.py',
    '_base_/datasets/syn_signs_to_gtsrb.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
