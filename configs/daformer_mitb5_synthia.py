# DAFormer (Hoyer et al., CVPR 2022), SYNTHIA -> Cityscapes: 60.9 mIoU over 16 classes on
# Cityscapes val (the and later work's figure; not checked against the paper's text);
# mIoU16 and mIoU13 are logged beside the 19-class mIoU. The SYNTHIA twin of
# ./daformer_mitb5_gta5.py: DAFormer's syn2cs_uda_warm_fdthings_rcs_croppl_a999_daformer_mitb5
# config differs from its GTA5 one in the data only (uda_synthia_to_cityscapes_512x512.py:
# SYNTHIA resized to 1280x760, 512x512 crop with cat max ratio 0.75, flip; Cityscapes as for
# GTA5), with rare class sampling at the same values (min_pixels 3000, class_temp 0.01,
# min_crop_ratio 0.5): _base_/datasets/synthia_to_cityscapes_rcs.py. Network, method (alpha
# 0.999, pseudo-label crop 15 / 120 rows, thing-class feature distance on train ids 6, 7, 11-18,
# lambda 0.005) and schedule (AdamW 6e-5, decoder 10x, no decay on norms and position blocks,
# warm-up 1500, poly over 40k, batch 2 + 2) are the GTA5 run's; the student is evaluated.
_base_ = [
    '_base_/models/daformer_mitb5.py',
    '_base_/datasets/synthia_to_cityscapes_rcs.py',
    '_base_/methods/daformer.py',
    '_base_/schedules/adamw_daformer.py',  # and target_entropy/im/snd at each validation
]
train_dataloader = dict(batch_size=2)
