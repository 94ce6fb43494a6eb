# DANN, Syn Signs -> GTSRB ("Syn Adapted" of Ganin et al., JMLR 2016, Fig. 7; Table 2's last
# column, where the text copy keeps DANN .8865 (46.4 % of the source-only-to-train-on-target
# gap) and SA .8165; its source-only and train-on-target values are not in the text copy).
# The GTSRB architecture (Fig. 4c; _base_/models/dann_gtsrb.py), domain classifier x -> 1024
# -> 1024 -> 1 (Fig. 4c, Sec. 5.2.2). Data (Sec. 5.2.4): 100,000 Syn Signs labelled, 31,367
# random GTSRB training images unlabelled, the other GTSRB training images for evaluation,
# all 40 x 40. DANN's schedule (_base_/schedules/dann_sgd_annealed.py, Sec. 5.2.2): SGD
# momentum 0.9, lr 0.01 annealed (alpha 10, beta 0.75), 64 + 64 images per batch, lambda_p
# ramped 0 -> 1 (gamma 10); 30,000 iterations (not stated in the paper).
_base_ = [
    '_base_/models/dann_gtsrb.py',
    '_base_/datasets/syn_signs_to_gtsrb.py',
    '_base_/methods/dann_svhn_net.py',
    '_base_/schedules/dann_sgd_annealed.py',
]
