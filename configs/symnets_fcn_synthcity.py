# SymNets on SynthCity (the twin of symnets_fcn_gta5.py): Cs/Ct = the score convs, fc6/fc7
# in G, predictions from Ct. The paper's classifiers learn 10x faster than G because G is an
# ImageNet backbone being fine-tuned; here G is trained from scratch and the classifier layers
# share its rate (1e-2): at 10x (0.1) the classifiers' losses oscillated (Eq. 5 up to 8.7,
# Eq. 7 up to 11.8; measured with the earlier wide split), at 1x they stayed below 0.7 and 1.5
# (docs/benchmarks.md, SymNets).
_base_ = [
    '_base_/models/fcn_r18_scratch.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/symnets.py',
    '_base_/schedules/synthcity_cpu_parts.py',
    '_base_/synthcity_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
model = {{_base_.method}}  # the method of _base_/methods/symnets.py around the model
