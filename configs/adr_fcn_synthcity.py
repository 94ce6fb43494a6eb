# ADR on SynthCity (the twin of adr_fcn_gta5.py): ResNet-18 FCN from scratch, 256x128,
# trainable on a 2-core CPU. See adr_fcn_gta5.py for the three steps.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
]
model = dict(type='ADR', generator_steps=4, discrepancy='symkl', cond_entropy_weight=0.0,
             marginal_entropy_weight=0.0, clean_head=None)
