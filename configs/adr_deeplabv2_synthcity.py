# ADR on SynthCity (the twin of adr_deeplabv2_gta5.py): DeepLabv2 on a ResNet-50 from scratch
# at output stride 8, 256x128. See adr_fcn_gta5.py for the three steps.
_base_ = [
    '_base_/models/deeplabv2_r50_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/adr.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
model = {{_base_.method}}  # the method of _base_/methods/adr.py around the model
