# SymNets on SynthCity (the twin of symnets_fcn_gta5.py): 2K = 38 logits per pixel,
# predictions from Ct. The paper's head learns 10x faster than G because G is an ImageNet
# backbone being fine-tuned; here G is trained from scratch and the head shares its rate
# (1e-2): at 10x (0.1) the classifiers' losses oscillated (Eq. 5 up to 8.7, Eq. 7 up to 11.8),
# at 1x they stay below 0.7 and 1.5 (docs/benchmarks.md, SymNets).
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
]
model = dict(type='SymNets', num_classes=19, eval_classifier='target',
             task=dict(num_classes=38, decoder=dict(num_classes=38)))
