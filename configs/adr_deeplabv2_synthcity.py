# ADR on SynthCity (the twin of adr_deeplabv2_gta5.py): DeepLabv2 on a ResNet-50 from scratch
# at output stride 8, 256x128. See adr_fcn_gta5.py for the three steps.
_base_ = [
    '_base_/models/deeplabv2_r50_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/adr.py',
    '_base_/schedules/parts_sgd.py',
    '_base_/synthcity_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
# The SynthCity CPU schedule: from scratch, so a larger base learning rate; 1000 iterations.
sgd = dict(type='SGD', lr=1e-2, momentum=0.9, weight_decay=5e-4)
train_cfg = dict(max_iters=1000, val_interval=1000)
optim_wrapper = dict(generator=dict(optimizer=sgd), head=dict(optimizer=sgd))
