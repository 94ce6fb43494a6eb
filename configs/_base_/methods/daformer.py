# DAFormer's training strategies (Hoyer et al., CVPR 2022) on DACS (./dacs.py: the step, tau,
# ClassMix, jitter and blur), as DAFormer's code sets them (lhoyer/DAFormer configs/daformer/
# gta2cs_uda_warm_fdthings_rcs_croppl_a999_daformer_mitb5_s0.py, which sets the same values as
# configs/_base_/uda/dacs_a999_fdthings.py plus the pseudo-label crop):
# - alpha 0.999 (the teacher's EMA rate; DACS 0.99);
# - the pseudo-label crop: the top 15 and bottom 120 rows of a target crop weighed 0 (Cityscapes:
#   rectification border and the ego car);
# - the thing-class ImageNet feature distance (Sec. 3.4): lambda_FD = 0.005 on the source
#   features of the last level of G, averaged over the feature pixels whose downscaled label is
#   one of train ids 6, 7, 11-18 (traffic light, traffic sign and the eight Cityscapes thing
#   classes: person, rider, car, truck, bus, train, motorcycle, bicycle) with a class share of
#   at least 0.75 of its cell. The frozen backbone is the student's G at the first iteration
#   (ImageNet weights where the model base loads them); it has no optimiser.
# Rare class sampling and the learning-rate conditions are the data's and the schedule's
# (configs/_base_/schedules/adamw_daformer.py), not the method's. The DACS values that DAFormer
# keeps (tau, jitter, blur, the student evaluated) are those of ./dacs.py, restated here so
# that a leaf reads one method file.
method = dict(
    type='DACS',
    alpha=0.999,
    pseudo_threshold=0.968,
    color_jitter_strength=0.2,
    color_jitter_prob=0.8,
    blur_prob=0.5,
    eval_network='student',
    pseudo_weight_ignore_top=15,
    pseudo_weight_ignore_bottom=120,
    imnet_feature_dist_lambda=0.005,
    imnet_feature_dist_classes=[6, 7, 11, 12, 13, 14, 15, 16, 17, 18],
    imnet_feature_dist_scale_min_ratio=0.75)
