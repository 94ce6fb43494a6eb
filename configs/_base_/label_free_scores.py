# Label-free checkpoint scores at every validation (segda/evaluation/label_free_hook.py):
# target_entropy (lower is better), target_im, target_snd and target_bnm (greater is better)
# on 16 target TRAIN images (no labels read), 128 pixels each, drawn once from seed 0.
# MixVal (target_mixval, greater is better) costs one more forward per image: turn it on with
# custom_hooks.0.mixval=True. To keep the best checkpoint by one:
# default_hooks.checkpoint.save_best='target_snd' and rule='greater'.
custom_hooks = [
    dict(type='LabelFreeScoreHook', num_images=16, pixels_per_image=128, seed=0),
]
