"""Data transforms: dict in, dict out (the mmcv convention), registered in ``TRANSFORMS``.

Keys: ``img`` (RGB uint8 ``H x W x 3``), ``gt_seg`` (uint8 trainIds ``H x W``, 255 = ignore),
``ori_shape`` (size of the image file) and ``img_shape`` (current size), both ``(H, W)``.

Geometric transforms act on ``img`` and ``gt_seg`` together through one albumentations
op built once in ``__init__`` (masks: nearest neighbour, padded with 255; images: padded
with 0). Sizes are given as ``(W, H)`` like mmseg's ``scale``.

Randomness: albumentations 2.x gives every transform its own generators
(``numpy.random.Generator`` and ``random.Random``), seeded from the OS at construction and
independent of ``np.random.seed``/``random.seed``. mmengine seeds each dataloader worker
through the global generators (``worker_init_fn``: ``np.random.seed(seed + rank *
num_workers + worker_id)``), and forked workers would otherwise share one copy of the
op's state (identical augmentations in every worker). So before each call the op is
reseeded from the global numpy generator: augmentations follow mmengine's seeding and
are reproducible, and differ between workers and ranks.
"""
from typing import Sequence

import albumentations as A
import cv2
import numpy as np
import torch

from segda.registry import TRANSFORMS

from .image_io import image_size, read_image, read_label
from .label_space import DEFAULT_IGNORE_INDEX


def _size(name: str, value: Sequence[int]) -> tuple:
    """Validate a ``(W, H)`` pair of positive ints."""
    if (not isinstance(value, (tuple, list)) or len(value) != 2
            or not all(isinstance(v, int) and v > 0 for v in value)):
        raise ValueError(f'{name} must be (width, height), two positive ints, got {value!r}.')
    return tuple(value)


def _probability(name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f'{name} must be in [0, 1], got {value!r}.')
    return value


@TRANSFORMS.register_module()
class LoadImage:
    """Read ``img_path``: sets ``img`` (RGB uint8), ``ori_shape`` and ``img_shape``."""

    def __call__(self, results: dict) -> dict:
        image = read_image(results['img_path'])
        results['img'] = image
        results['ori_shape'] = results['img_shape'] = image.shape[:2]
        return results

    def __repr__(self) -> str:
        return 'LoadImage()'


@TRANSFORMS.register_module()
class LoadLabel:
    """Read ``seg_path`` into ``gt_seg`` (uint8 trainIds).

    The file is read with the sample's ``label_reader`` (set by a dataset whose raw labels
    are not 8-bit grey or palette PNGs: SYNTHIA's), else with ``read_label``. Raw label
    values are mapped through the dataset's ``label_table`` (from its
    ``metainfo['label_map']``; None: the file holds train ids), then checked against the
    label space (``label_valid``: a value that is no class id and not the ignore index
    stops with the file's name); a label flagged ``label_size_mismatch`` is resized to its
    image's ``ori_shape`` (nearest neighbour).
    Put it after ``Resize`` in evaluation pipelines to keep the full-resolution label.
    """

    def __call__(self, results: dict) -> dict:
        if 'seg_path' not in results:
            raise ValueError(
                f"LoadLabel: sample {results.get('img_path')!r} has no 'seg_path': labels were "
                'not loaded for this dataset (with_labels=False, e.g. the target of a '
                'DomainPairDataset). Remove LoadLabel from its pipeline.')
        label = (results.get('label_reader') or read_label)(results['seg_path'])
        if results.get('label_table') is not None:
            label = results['label_table'][label]
        valid = results.get('label_valid')
        if valid is not None and not valid[label].all():
            bad = np.unique(label[~valid[label]]).tolist()
            raise ValueError(f"LoadLabel: {results['seg_path']!r} holds train ids {bad[:10]} "
                             'outside the label space (its classes and ignore index); convert '
                             "it again, or use label_format='labelIds' for raw label ids.")
        if results.get('label_size_mismatch'):
            height, width = results.get('ori_shape') or image_size(results['img_path'])
            label = cv2.resize(label, (width, height), interpolation=cv2.INTER_NEAREST)
        results['gt_seg'] = label
        return results

    def __repr__(self) -> str:
        return 'LoadLabel()'


class AlbumentationsTransform:
    """Apply one albumentations op to ``img`` and, when present, ``gt_seg`` together.

    The op is reseeded from ``np.random`` before each call (module docstring).
    """

    def __init__(self, op: A.BasicTransform):
        self.op = op

    def __call__(self, results: dict) -> dict:
        self.op.set_random_seed(int(np.random.randint(0, 2**31)))
        targets = dict(image=results['img'])
        if 'gt_seg' in results:
            targets['mask'] = results['gt_seg']
        out = self.op(**targets)
        results['img'] = out['image']
        results['img_shape'] = out['image'].shape[:2]
        if 'gt_seg' in results:
            results['gt_seg'] = out['mask']
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}({self.op!r})'


@TRANSFORMS.register_module()
class Resize(AlbumentationsTransform):
    """Resize to ``scale=(W, H)``: image bilinear, ``gt_seg`` (when loaded) nearest."""

    def __init__(self, scale: Sequence[int]):
        width, height = _size('Resize scale', scale)
        super().__init__(A.Resize(height=height, width=width, interpolation=cv2.INTER_LINEAR,
                                  mask_interpolation=cv2.INTER_NEAREST))


@TRANSFORMS.register_module()
class RandomCrop(AlbumentationsTransform):
    """A random ``size=(W, H)`` window; a smaller image is first padded at the bottom/right
    (image 0, label ``ignore_index``)."""

    def __init__(self, size: Sequence[int], ignore_index: int = DEFAULT_IGNORE_INDEX):
        width, height = _size('RandomCrop size', size)
        super().__init__(A.RandomCrop(height=height, width=width, pad_if_needed=True,
                                      pad_position='top_left', border_mode=cv2.BORDER_CONSTANT,
                                      fill=0, fill_mask=ignore_index))


@TRANSFORMS.register_module()
class RandomFlip(AlbumentationsTransform):
    """Horizontal flip of image and label with probability ``prob``."""

    def __init__(self, prob: float = 0.5):
        super().__init__(A.HorizontalFlip(p=_probability('RandomFlip prob', prob)))


@TRANSFORMS.register_module()
class ColorJitter(AlbumentationsTransform):
    """Photometric jitter of the image only, with probability ``prob``.

    Factors are drawn as in torchvision: brightness, contrast and saturation from
    ``[max(0, 1 - b), 1 + b]``, hue shift from ``[-h, h]`` (``h <= 0.5``), applied in a
    random order.
    """

    def __init__(self, brightness: float = 0.0, contrast: float = 0.0, saturation: float = 0.0,
                 hue: float = 0.0, prob: float = 0.5):
        super().__init__(A.ColorJitter(brightness=brightness, contrast=contrast,
                                       saturation=saturation, hue=hue,
                                       p=_probability('ColorJitter prob', prob)))


@TRANSFORMS.register_module()
class PadIfNeeded(AlbumentationsTransform):
    """Pad at the bottom/right to at least ``size=(W, H)`` (image 0, label ``ignore_index``)."""

    def __init__(self, size: Sequence[int], ignore_index: int = DEFAULT_IGNORE_INDEX):
        width, height = _size('PadIfNeeded size', size)
        super().__init__(A.PadIfNeeded(min_height=height, min_width=width, position='top_left',
                                       border_mode=cv2.BORDER_CONSTANT, fill=0,
                                       fill_mask=ignore_index))


@TRANSFORMS.register_module()
class PackSegInputs:
    """Pack a sample as ``dict(inputs=<uint8 3 x H x W tensor>, data_samples=dict(...))``.

    ``data_samples`` holds ``img_path``, ``ori_shape``, ``img_shape`` and, when present,
    ``seg_path`` and ``gt_seg`` (uint8 ``H x W`` tensor); see docs/design.md.
    """

    def __call__(self, results: dict) -> dict:
        if 'img' not in results:
            raise KeyError('PackSegInputs: no image in the sample; start the pipeline with '
                           "dict(type='LoadImage').")
        inputs = torch.from_numpy(np.ascontiguousarray(results['img'].transpose(2, 0, 1)))
        sample = dict(img_path=results['img_path'], ori_shape=tuple(results['ori_shape']),
                      img_shape=tuple(results['img_shape']))
        if 'seg_path' in results:
            sample['seg_path'] = results['seg_path']
        if 'gt_seg' in results:
            sample['gt_seg'] = torch.from_numpy(np.ascontiguousarray(results['gt_seg']))
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return 'PackSegInputs()'
