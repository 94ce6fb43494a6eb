# MIC on DAFormer (Hoyer et al., CVPR 2023), GTA5 -> Cityscapes: 70.6 mIoU on Cityscapes val
# for MIC(DAFormer) in the paper's table of MIC on several UDA methods (DAFormer 68.3 -> 70.6;
# recalled, not checked against the text here). MIC's code releases the HRDA run
# (seg/configs/mic/gtaHR2csHR_mic_hrda.py); the DAFormer run is that config's DAFormer parts,
# which are exactly DAFormer's config (./daformer_mitb5_gta5.py: the same network, data,
# DAFormer step and schedule; MIC's _base_/uda/dacs_a999_fdthings.py), plus MIC's parameters:
# - masked image consistency (Sec. 3.2), MIC's "MIC Parameters": the colour-augmented target
#   (mask_mode='separatetrgaug': DACS's strong transform, same strength and probabilities,
#   drawn anew) is masked by blocks of 64 x 64 px each withheld with probability 0.7
#   (mask_generator type='block', mask_block_size=64, mask_ratio=0.7); the student's prediction
#   of it learns the teacher's pseudo-labels of the unmasked target and their confidence
#   weights, those of DAFormer's self-training (mask_alpha='same', mask_pseudo_threshold=
#   'same'), with weight 1 (mask_lambda=1), in the same update: the `method` block below.
# DAFormer's pseudo-label crop (15 / 120 rows) is kept; MIC's HRDA run replaces it by HRDA's
# crop of the margins before cropping (crop_pseudo_margins), which SegDA does not have.
# RARE CLASS SAMPLING IS NOT ON YET: MIC's DAFormer run samples by rare class as DAFormer
# (min_pixels=3000, class_temp=0.01, min_crop_ratio=0.5); SegDA's sampler is being added as
# _base_/datasets/rcs.py: add it to `_base_` below when it is available.
_base_ = [
    '_base_/models/daformer_mitb5.py',
    '_base_/datasets/gta5_daformer_to_cityscapes.py',
    '_base_/methods/daformer.py',
    '_base_/schedules/adamw_daformer.py',
    '_base_/default_runtime.py',
    '_base_/label_free_scores.py',  # target_entropy/im/snd at each validation
]
train_dataloader = dict(batch_size=2)
method = dict(mask_lambda=1.0, mask_ratio=0.7, mask_block_size=64)  # MIC's parameters
