# ENT on SynthCity (the twin of ent_fcn_gta5.py): ADR's loop with target entropy as the critic.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
]
model = dict(type='ENT', generator_steps=4, cond_entropy_weight=0.0, marginal_entropy_weight=0.0)
