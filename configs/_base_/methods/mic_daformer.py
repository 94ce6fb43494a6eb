# MIC (Hoyer et al., CVPR 2023) on DAFormer (./daformer.py): masked image consistency, Sec. 3.2,
# with the values of MIC's code (lhoyer/MIC seg/configs/mic/gtaHR2csHR_mic_hrda.py, "MIC
# Parameters"): the colour-augmented target (mask_mode='separatetrgaug': the strong transform
# of DACS with the same strength and probabilities, drawn anew) is masked by blocks of 64 x 64
# pixels, each withheld with probability 0.7 (mask_generator type='block'); the student's
# prediction of it is trained on the teacher's pseudo-labels of the unmasked target and their
# confidence weights, those of DACS's mixing (mask_alpha='same', mask_pseudo_threshold='same'),
# with weight 1 (mask_lambda=1), in the same update.
_base_ = ['./daformer.py']
method = dict(
    mask_lambda=1.0,
    mask_ratio=0.7,
    mask_block_size=64)
