"""The training transforms of DAFormer's GTA5 pipeline (Hoyer et al., CVPR 2022), which are
mmseg's: random rescale, a random crop that no class dominates, photometric distortion.

Keys and conventions are those of :mod:`segda.datasets.transforms` (``img`` RGB uint8,
``gt_seg`` uint8 train ids, sizes ``(W, H)``). Randomness comes from the global numpy
generator, directly or by reseeding an albumentations op from it, so it follows mmengine's
per-worker seeding (see that module's docstring).
"""
from typing import Sequence

import albumentations as A
import cv2
import numpy as np

from segda.registry import TRANSFORMS

from .label_space import DEFAULT_IGNORE_INDEX
from .transforms import AlbumentationsTransform, PadIfNeeded, _probability, _size


@TRANSFORMS.register_module()
class RandomRescale(AlbumentationsTransform):
    """Rescale image and label by one factor ``r ~ U(ratio_range)``, keeping the aspect ratio:
    ``(W, H) -> (round(r W), round(r H))`` (image bilinear, label nearest), mmseg's
    ``Resize(ratio_range=...)`` applied to the current size (after ``Resize(scale=...)``).
    """

    def __init__(self, ratio_range: Sequence[float] = (0.5, 2.0)):
        low, high = ratio_range
        if not 0 < low <= high:
            raise ValueError(f'RandomRescale ratio_range must be (low, high) with 0 < low <= '
                             f'high, got {ratio_range!r}.')
        self.ratio_range = (float(low), float(high))
        super().__init__(A.RandomScale(scale_limit=(low - 1.0, high - 1.0), p=1.0,
                                       interpolation=cv2.INTER_LINEAR,
                                       mask_interpolation=cv2.INTER_NEAREST))


@TRANSFORMS.register_module()
class CatMaxRatioCrop:
    """A random ``size=(W, H)`` window in which no class covers ``cat_max_ratio`` or more of
    the labelled pixels (mmseg's ``RandomCrop(cat_max_ratio=0.75)``, used by DAFormer).

    A window is accepted when, over its pixels with a label other than ``ignore_index``,
    at least two classes occur and the largest class count n_max satisfies

        n_max / sum_c n_c < cat_max_ratio.

    A rejected window is redrawn, up to ``max_tries`` times (mmseg: 10); when every try is
    rejected the last window drawn is kept, as mmseg does. An image smaller than the window
    is first padded at the bottom/right (image 0, label ``ignore_index``: padding is not
    counted). Windows are uniform over the valid offsets; without ``gt_seg`` the first
    window is taken.
    """

    def __init__(self, size: Sequence[int], cat_max_ratio: float = 0.75, max_tries: int = 10,
                 ignore_index: int = DEFAULT_IGNORE_INDEX):
        self.width, self.height = _size('CatMaxRatioCrop size', size)
        self.cat_max_ratio = _probability('CatMaxRatioCrop cat_max_ratio', cat_max_ratio)
        if not isinstance(max_tries, int) or max_tries < 0:
            raise ValueError(f'CatMaxRatioCrop max_tries must be an int >= 0, got {max_tries!r}.')
        self.max_tries = max_tries
        self.ignore_index = ignore_index
        self.pad = PadIfNeeded((self.width, self.height), ignore_index)

    def draw_window(self, height: int, width: int) -> tuple:
        """``(top, left)`` of a window, uniform over the offsets that fit."""
        return (int(np.random.randint(0, height - self.height + 1)),
                int(np.random.randint(0, width - self.width + 1)))

    def accepts(self, label: np.ndarray) -> bool:
        """The class-ratio rule on a cropped label."""
        _, counts = np.unique(label[label != self.ignore_index], return_counts=True)
        return len(counts) > 1 and counts.max() / counts.sum() < self.cat_max_ratio

    def crop(self, array: np.ndarray, window: tuple) -> np.ndarray:
        top, left = window
        return array[top:top + self.height, left:left + self.width]

    def __call__(self, results: dict) -> dict:
        results = self.pad(results)
        height, width = results['img'].shape[:2]
        window = self.draw_window(height, width)
        if 'gt_seg' in results:
            for _ in range(self.max_tries if self.cat_max_ratio < 1 else 0):
                if self.accepts(self.crop(results['gt_seg'], window)):
                    break
                window = self.draw_window(height, width)
            results['gt_seg'] = np.ascontiguousarray(self.crop(results['gt_seg'], window))
        results['img'] = np.ascontiguousarray(self.crop(results['img'], window))
        results['img_shape'] = results['img'].shape[:2]
        return results

    def __repr__(self) -> str:
        return (f'CatMaxRatioCrop(size={(self.width, self.height)}, cat_max_ratio='
                f'{self.cat_max_ratio}, max_tries={self.max_tries})')


@TRANSFORMS.register_module()
class PhotoMetricDistortion:
    """mmseg's ``PhotoMetricDistortion``, on the image only. In order, each step with
    probability 1/2 (independent draws), with ``x`` the uint8 image and every result
    clipped to [0, 255]:

        brightness   x + b,            b ~ U(-brightness_delta, brightness_delta)
        contrast     a x,              a ~ U(contrast_range)      (here or as the last step,
                                                                   each with probability 1/2)
        saturation   S <- a S in HSV,  a ~ U(saturation_range)
        hue          H <- (H + h) mod 180 in OpenCV's uint8 HSV, h uniform in the integers
                     [-hue_delta, hue_delta)

    Written out rather than built from albumentations ops, whose saturation and hue
    differ (``ColorJitter`` blends with the grey image, ``HueSaturationValue`` shifts
    saturation additively), so that the pipeline is mmseg's (and DAFormer's) exactly.
    """

    def __init__(self, brightness_delta: int = 32, contrast_range: Sequence[float] = (0.5, 1.5),
                 saturation_range: Sequence[float] = (0.5, 1.5), hue_delta: int = 18):
        self.brightness_delta = brightness_delta
        self.contrast_range = tuple(contrast_range)
        self.saturation_range = tuple(saturation_range)
        self.hue_delta = hue_delta

    @staticmethod
    def convert(x: np.ndarray, alpha: float = 1.0, beta: float = 0.0) -> np.ndarray:
        """``clip(alpha x + beta, 0, 255)`` as uint8."""
        return np.clip(x.astype(np.float32) * alpha + beta, 0, 255).astype(np.uint8)

    def contrast(self, img: np.ndarray) -> np.ndarray:
        if np.random.randint(2):
            return self.convert(img, alpha=np.random.uniform(*self.contrast_range))
        return img

    def __call__(self, results: dict) -> dict:
        img = results['img']
        if np.random.randint(2):
            img = self.convert(img, beta=np.random.uniform(-self.brightness_delta,
                                                           self.brightness_delta))
        contrast_first = np.random.randint(2)
        if contrast_first:
            img = self.contrast(img)
        if np.random.randint(2):
            hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
            hsv[..., 1] = self.convert(hsv[..., 1], alpha=np.random.uniform(
                *self.saturation_range))
            img = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
        if np.random.randint(2):
            hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
            shift = np.random.randint(-self.hue_delta, self.hue_delta)
            hsv[..., 0] = ((hsv[..., 0].astype(int) + shift) % 180).astype(np.uint8)
            img = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
        if not contrast_first:
            img = self.contrast(img)
        results['img'] = img
        return results

    def __repr__(self) -> str:
        return (f'PhotoMetricDistortion(brightness_delta={self.brightness_delta}, '
                f'contrast_range={self.contrast_range}, saturation_range='
                f'{self.saturation_range}, hue_delta={self.hue_delta})')
