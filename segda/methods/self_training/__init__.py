"""The pieces of self-training with a mean teacher and mixed images (DACS, Tranheden et al.,
WACV 2021), one function each: ClassMix, the teacher's pseudo-labels and their confidence
weight, the strong transform of the mixed images, the pixel-weighted cross entropy and the
EMA update of the teacher."""
from .class_mix import class_mix_masks, mix
from .ema import ema_alpha, ema_update, init_teacher
from .pseudo_labels import confidence_weight, ignore_rows, pseudo_labels
from .strong_transform import blur_kernel_size, color_jitter, gaussian_blur, strong_transform
from .weighted_cross_entropy import pixel_weighted_cross_entropy

__all__ = ['blur_kernel_size', 'class_mix_masks', 'color_jitter', 'confidence_weight',
           'ema_alpha', 'ema_update', 'gaussian_blur', 'ignore_rows', 'init_teacher', 'mix',
           'pixel_weighted_cross_entropy', 'pseudo_labels', 'strong_transform']
