"""Colour a label map with a palette: ``rgb[y, x] = palette[label[y, x]]`` (a table lookup).

The palette is the dataset's (``metainfo['palette']``); ``generated_palette`` makes a fixed
one for a label space that declares none.
"""
from typing import Sequence, Tuple

import numpy as np
import torch

MAX_LABEL = 255  # labels are uint8 maps; the ignore index is at most 255


def generated_palette(num_colours: int = MAX_LABEL, seed: int = 0) -> np.ndarray:
    """``num_colours`` x 3 uint8 RGB colours drawn once from a seeded generator (the same
    colours on every call), for datasets whose metainfo has no ``palette``."""
    return np.random.default_rng(seed).integers(0, 256, (num_colours, 3), dtype=np.uint8)


def colorize(label, palette: Sequence[Sequence[int]], ignore_index: int = 255,
             ignore_color: Tuple[int, int, int] = (0, 0, 0)) -> np.ndarray:
    """``H x W x 3`` uint8 RGB image of a label map.

    Args:
        label: ``H x W`` integer class map (numpy array or tensor, any device); values are
            indices into ``palette`` or ``ignore_index``.
        palette: one RGB triple per class (the dataset's ``metainfo['palette']``).
        ignore_index: the label value drawn in ``ignore_color``.
        ignore_color: RGB colour of the ignored pixels.
    """
    if isinstance(label, torch.Tensor):
        label = label.detach().cpu().numpy()
    label = np.asarray(label)
    if label.ndim != 2 or not np.issubdtype(label.dtype, np.integer):
        raise ValueError(f'colorize: expected an H x W integer label map, got shape '
                         f'{label.shape} and dtype {label.dtype}.')
    palette = np.asarray(palette, dtype=np.uint8).reshape(-1, 3)
    if len(palette) > ignore_index or ignore_index > MAX_LABEL:
        raise ValueError(f'colorize: the palette has {len(palette)} colours; at most '
                         f'{ignore_index} fit below the ignore index {ignore_index} (<= '
                         f'{MAX_LABEL}).')
    lookup = np.zeros((MAX_LABEL + 1, 3), dtype=np.uint8)
    lookup[:len(palette)] = palette
    lookup[ignore_index] = ignore_color
    valid = ((label >= 0) & (label < len(palette))) | (label == ignore_index)
    if not valid.all():
        raise ValueError(f'colorize: label values must lie in [0, {len(palette)}) or be '
                         f'{ignore_index} (ignore), got {np.unique(label[~valid])[:10].tolist()}.')
    return lookup[label]
