# DACS on SynthCity (the CPU twin of dacs_deeplabv2_gta5.py): ResNet-18 FCN from scratch,
# 256x128, the SynthCity schedule of the other methods. The step: _base_/methods/dacs.py.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/dacs.py',
    '_base_/schedules/parts_sgd.py',
    '_base_/synthcity_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
# The SynthCity CPU schedule: from scratch, so a larger base learning rate; 1000 iterations.
sgd = dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4)
train_cfg = dict(max_iters=1000, val_interval=1000)
optim_wrapper = dict(generator=dict(optimizer=sgd), head=dict(optimizer=sgd))
