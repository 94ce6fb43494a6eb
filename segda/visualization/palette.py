"""Colour a label map with a palette: ``rgb[y, x] = palette[label[y, x]]`` (a table lookup)."""
from typing import Sequence, Tuple

import numpy as np
import torch

from segda.datasets.cityscapes_labels import IGNORE_INDEX, PALETTE


def colorize(label, palette: Sequence[Sequence[int]] = PALETTE,
             ignore_color: Tuple[int, int, int] = (0, 0, 0)) -> np.ndarray:
    """``H x W x 3`` uint8 RGB image of a label map.

    Args:
        label: ``H x W`` integer class map (numpy array or tensor, any device); values are
            indices into ``palette`` or 255 (ignore).
        palette: one RGB triple per class.
        ignore_color: RGB colour of the ignored pixels (255).
    """
    if isinstance(label, torch.Tensor):
        label = label.detach().cpu().numpy()
    label = np.asarray(label)
    if label.ndim != 2 or not np.issubdtype(label.dtype, np.integer):
        raise ValueError(f'colorize: expected an H x W integer label map, got shape '
                         f'{label.shape} and dtype {label.dtype}.')
    palette = np.asarray(palette, dtype=np.uint8).reshape(-1, 3)
    if len(palette) > IGNORE_INDEX:
        raise ValueError(f'colorize: the palette has {len(palette)} colours; at most '
                         f'{IGNORE_INDEX} fit below the ignore index {IGNORE_INDEX}.')
    lookup = np.zeros((IGNORE_INDEX + 1, 3), dtype=np.uint8)
    lookup[:len(palette)] = palette
    lookup[IGNORE_INDEX] = ignore_color
    valid = ((label >= 0) & (label < len(palette))) | (label == IGNORE_INDEX)
    if not valid.all():
        raise ValueError(f'colorize: label values must lie in [0, {len(palette)}) or be '
                         f'{IGNORE_INDEX} (ignore), got {np.unique(label[~valid])[:10].tolist()}.')
    return lookup[label]
