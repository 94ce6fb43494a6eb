# MIC on DAFormer (Hoyer et al., CVPR 2023), GTA5 -> Cityscapes: 70.6 mIoU on Cityscapes val for
# MIC(DAFormer) in MIC's Table 1 (MIC with further UDA methods: DAFormer 68.3 -> 70.6; the value
# checked against later work citing it). The run is MIC's experiment 81 of seg/experiments.py
# ("MIC with Further UDA Methods (Table 1)", the daformer_sepaspp / mitb5 row with
# uda_daformer): DAFormer's run exactly (./daformer_mitb5_gta5.py: network, data,
# dacs_a999_fdthings, RCS, the pseudo-label crop 15 / 120 (plcrop=True), AdamW 6e-5 with the 10x
# decoder and poly10warm, batch 2, 40k iterations), plus MIC's parameters:
# - masked image consistency (Sec. 3.2): the colour-augmented target (mask_mode=
#   'separatetrgaug': DACS's strong transform, same strength and probabilities, drawn anew) is
#   masked by blocks of 32 x 32 px each withheld with probability 0.7 (mask_generator
#   type='block', mask_ratio=0.7; mask_block_size=32, "half the patch size when training with
#   half resolution": MIC's 64 px are for HRDA's full-resolution crops); the student's
#   prediction of it learns the teacher's pseudo-labels of the unmasked target and their
#   confidence weights, those of DAFormer's self-training (mask_alpha='same',
#   mask_pseudo_threshold='same'), with weight 1 (mask_lambda=1), in the same update: the
#   `method` line below.
_base_ = [
    '_base_/models/daformer_mitb5.py',
    '_base_/datasets/gta5_daformer_to_cityscapes_rcs.py',
    '_base_/methods/daformer.py',
    '_base_/schedules/adamw_daformer.py',  # and target_entropy/im/snd at each validation
]
train_dataloader = dict(batch_size=2)
method = dict(mask_lambda=1.0, mask_ratio=0.7, mask_block_size=32)  # MIC's parameters
