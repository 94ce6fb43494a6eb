# SymNets on SynthCity (the twin of symnets_fcn_gta5.py): Cs/Ct = the score convs, fc6/fc7
# in G, predictions from Ct, source and target forwarded separately (domain_bn='separate').
# The paper's conditions (Sec. 4.1): the classifiers learn at 10x G's rate (0.1 against 1e-2).
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/symnets.py',
    '_base_/schedules/parts_sgd.py',
    '_base_/synthcity_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
# The SynthCity CPU schedule: from scratch, so a larger base learning rate; 1000 iterations.
sgd = dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4)
train_cfg = dict(max_iters=1000, val_interval=1000)
optim_wrapper = dict(generator=dict(optimizer=sgd),
                     head=dict(optimizer=dict(sgd, lr=0.1)))  # Cs/Ct at 10x G's (Sec. 4.1)
