# ENT on SynthCity (the twin of ent_fcn_gta5.py): ADR's loop with target entropy as the critic.
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/ent.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
model = {{_base_.method}}  # the method of _base_/methods/ent.py around the model
