# DAFormer's method on SynthCity (the CPU twin of daformer_mitb5_gta5.py), on the network and
# schedule of the other SynthCity rows (ResNet-18 FCN from scratch, 256x128, SGD 1e-2, 1000
# iterations: as dacs_fcn_synthcity.py), so that its row differs from DACS's by the method only:
# alpha 0.999 and the thing-class feature distance (_base_/methods/daformer.py). Deliberate
# differences from DAFormer's run, each for a reason:
# - the feature distance compares with the FROZEN INITIAL backbone, here a random one (no
#   ImageNet weights exist for a network trained from scratch): it keeps the code path of the
#   GTA5 config running on a CPU, and acts as a pull of the thing-class features towards their
#   random initial values, not as a transfer of ImageNet features; `--cfg-options
#   method.imnet_feature_dist_lambda=0` switches it off;
# - no pseudo-label crop (0 / 0 rows instead of 15 / 120): the crop removes Cityscapes' ego car
#   and rectification border, which SynthCity's renderer does not draw, and 120 rows would be
#   almost all of a 128-row image;
# - no AdamW / warm-up / 10x decoder schedule: the FCN from scratch trains with the SynthCity
#   SGD schedule of every other row (AdamW at 6e-5 is for fine-tuning ImageNet weights);
# - with alpha 0.999 and 1000 iterations, alpha_t = 1 - 1 / (t + 1) < 0.999 throughout: the
#   teacher is the plain mean of all students so far (DAFormer's 40k iterations reach 0.999
#   after 1000).
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/daformer.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
# ResNet-18 FCN from scratch (no ImageNet weights), a 128-wide decoder.
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
method = dict(pseudo_weight_ignore_top=0, pseudo_weight_ignore_bottom=0)
