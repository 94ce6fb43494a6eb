# MIC on DAFormer's method on SynthCity (the CPU twin of mic_daformer_mitb5_gta5.py): the row of
# daformer_fcn_synthcity.py (ResNet-18 FCN from scratch, 256x128, the SynthCity SGD schedule;
# the feature distance to the random initial backbone, no pseudo-label crop: see its header)
# plus MIC's masked image consistency (the parameters of mic_daformer_mitb5_gta5.py: mask ratio
# 0.7, weight 1), with blocks of 8 px instead of 32: MIC scales the block with the image
# resolution (64 px at HRDA's full 2048 x 1024, 32 px at DAFormer's 1024 x 512), and SynthCity's
# 256 x 128 is a quarter of DAFormer's (32 x 16 blocks per image).
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/synthcity_pair.py',
    '_base_/methods/daformer.py',
    '_base_/schedules/synthcity_parts_cpu.py',  # and target_entropy/im/snd at each validation
]
# ResNet-18 FCN from scratch (no ImageNet weights), a 128-wide decoder.
model = dict(task=dict(backbone=dict(depth=18, pretrained=None), decoder=dict(channels=128)))
method = dict(pseudo_weight_ignore_top=0, pseudo_weight_ignore_bottom=0,
              mask_lambda=1.0, mask_ratio=0.7, mask_block_size=8)
