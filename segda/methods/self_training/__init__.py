"""The pieces of self-training with a mean teacher and mixed images (DACS, Tranheden et al.,
WACV 2021), one function each: ClassMix, the teacher's pseudo-labels and their confidence
weight, the strong transform of the mixed images, the pixel-weighted cross entropy and the
EMA update of the teacher; DAFormer's thing-class feature distance (Hoyer et al., CVPR 2022)
and MIC's block-masked images (Hoyer et al., CVPR 2023)."""
from .class_mix import class_mix_masks, mix
from .ema import ema_alpha, ema_update, init_teacher
from .feature_distance import downscale_label_ratio, masked_feature_distance, thing_class_mask
from .masking import block_mask, mask_images
from .pseudo_labels import confidence_weight, ignore_rows, pseudo_labels
from .strong_transform import blur_kernel_size, color_jitter, gaussian_blur, strong_transform
from .weighted_cross_entropy import pixel_weighted_cross_entropy

__all__ = ['block_mask', 'blur_kernel_size', 'class_mix_masks', 'color_jitter',
           'confidence_weight', 'downscale_label_ratio', 'ema_alpha', 'ema_update',
           'gaussian_blur', 'ignore_rows', 'init_teacher', 'mask_images',
           'masked_feature_distance', 'mix', 'pixel_weighted_cross_entropy', 'pseudo_labels',
           'strong_transform', 'thing_class_mask']
