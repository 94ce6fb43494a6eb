# ./gta5_daformer_to_cityscapes.py with rare class sampling (DAFormer, Hoyer et al., CVPR 2022,
# Sec. 3.3; segda/datasets/rare_class_sampling.py), use it in its place. The source is drawn
# by class, P(c) = softmax_c((1 - f_c) / T) with f_c the share of class c among all source
# pixels, then an image with more than min_pixels pixels of c; its sample is redrawn (up to
# 10 times) until its crop holds more than min_crop_ratio * min_pixels of them. The
# per-image class counts are read from <gta5_root>/sample_class_stats.json, written by
# tools/convert_datasets/gta5.py or counted once on first use (nproc processes).
# (mmengine refuses a key that two bases set, so RCS is this pair's variant rather than a
# fragment listed beside the pair.)
_base_ = ['./gta5_daformer_to_cityscapes.py']
train_dataloader = dict(
    sampler=dict(_delete_=True, type='RareClassSampler', temperature=0.01, min_pixels=3000,
                 min_crop_ratio=0.5, nproc=4))
