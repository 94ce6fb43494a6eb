# SymNets on SynthCity (the twin of symnets_fcn_gta5.py): 2K = 38 logits per pixel,
# predictions from Ct; the head learns 10x faster than G.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
]
model = dict(type='SymNets', num_classes=19, eval_classifier='target',
             task=dict(num_classes=38, decoder=dict(num_classes=38)))
optim_wrapper = dict(head=dict(optimizer=dict(lr=1e-1)))
