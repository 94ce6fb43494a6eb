"""A test-time hook that saves, per image, a strip [image | prediction overlay | ground truth].

The overlay blends the colourised prediction over the image with opacity ``a``:

    overlay = (1 - a) * image + a * colorize(pred)
"""
import os.path as osp
from pathlib import Path
from typing import Optional

import cv2
import numpy as np
from mmengine.hooks import Hook
from mmengine.logging import print_log

from segda.registry import HOOKS
from segda.visualization.palette import colorize, generated_palette


def read_rgb(img_path: str) -> np.ndarray:
    """The image file at full resolution as ``H x W x 3`` uint8 RGB."""
    image = cv2.imread(str(img_path), cv2.IMREAD_COLOR)
    if image is None:
        raise FileNotFoundError(f'ShowPredictionsHook: cannot read the image {img_path}; '
                                'check that the file exists and is an image.')
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def fit_to(visual: np.ndarray, shape) -> np.ndarray:
    """``visual`` resized (nearest neighbour) to ``shape[:2]`` when its size differs."""
    height, width = shape[:2]
    if visual.shape[:2] == (height, width):
        return visual
    return cv2.resize(visual, (width, height), interpolation=cv2.INTER_NEAREST)


def blend(image: np.ndarray, colour: np.ndarray, opacity: float) -> np.ndarray:
    """The overlay of the module docstring, ``(1 - a) * image + a * colour``, as uint8."""
    mixed = (1 - opacity) * image.astype(np.float32) + opacity * colour.astype(np.float32)
    return np.rint(mixed).astype(np.uint8)


def prediction_strip(image: np.ndarray, pred, palette, gt=None, opacity: float = 0.5,
                     ignore_index: int = 255) -> np.ndarray:
    """``[image | colourised pred blended over it | colourised gt]`` side by side (RGB).

    ``pred`` and ``gt`` are ``H x W`` label maps coloured with ``palette``; they are resized
    to the image (nearest) when their size differs. The gt panel is left out when ``gt`` is
    None.
    """
    panels = [image, blend(image, fit_to(colorize(pred, palette, ignore_index), image.shape),
                           opacity)]
    if gt is not None:
        panels.append(fit_to(colorize(gt, palette, ignore_index), image.shape))
    return np.concatenate(panels, axis=1)


@HOOKS.register_module()
class ShowPredictionsHook(Hook):
    """Write ``<out_dir>/<image stem>.png`` for each test output (each rank its own).

    Args:
        out_dir: folder of the images; created if missing.
        max_images: stop after this many images per rank and test run (None: all).
        opacity: weight of the prediction colours in the overlay, in [0, 1].
        overwrite: replace files that were in ``out_dir`` before the test run; without it
            such a file stops the run (``FileExistsError``) instead of being replaced.

    Each output is a dict with ``img_path``, ``pred_seg`` and optionally ``gt_seg``. The
    colours are the test dataset's ``metainfo['palette']`` (read in ``before_test``), or a
    generated palette when it has none or no runner is given (``runner=None`` works).
    """

    priority = 'LOW'

    def __init__(self, out_dir: str, max_images: Optional[int] = None, opacity: float = 0.5,
                 overwrite: bool = False):
        if not 0 <= opacity <= 1:
            raise ValueError(f'ShowPredictionsHook: opacity must lie in [0, 1], got {opacity}.')
        if max_images is not None and max_images < 0:
            raise ValueError(f'ShowPredictionsHook: max_images must be >= 0, got {max_images}.')
        self.out_dir = Path(out_dir)
        self.max_images = max_images
        self.opacity = opacity
        self.overwrite = overwrite
        self.written = 0
        self._before = frozenset()
        self.palette, self.ignore_index = generated_palette(), 255

    def before_test(self, runner) -> None:
        """Start counting ``max_images`` afresh for this test run; take the test dataset's
        palette and ignore index; note which files ``out_dir`` already holds (only those are
        refused without ``overwrite``, not the files of this run, e.g. another rank's)."""
        self.written = 0
        self._before = (frozenset(path.name for path in self.out_dir.iterdir())
                        if self.out_dir.is_dir() else frozenset())
        meta = getattr(getattr(runner, 'test_dataloader', None), 'dataset', None)
        meta = getattr(meta, 'metainfo', {}) or {}
        if meta.get('palette') is not None:
            self.palette = meta['palette']
        elif meta.get('classes') is not None:
            self.palette = generated_palette(len(meta['classes']))
        self.ignore_index = meta.get('ignore_index', 255)

    def after_test_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        """Save the strip of every output of this batch, up to ``max_images``."""
        for output in outputs or []:
            if self.max_images is not None and self.written >= self.max_images:
                return
            for key in ('img_path', 'pred_seg'):
                if key not in output:
                    raise KeyError(f'ShowPredictionsHook: a test output has no `{key}`; '
                                   'the model must return the sample fields with its prediction.')
            image = read_rgb(output['img_path'])
            strip = prediction_strip(image, output['pred_seg'], self.palette,
                                     output.get('gt_seg'), self.opacity, self.ignore_index)
            self.out_dir.mkdir(parents=True, exist_ok=True)
            path = self.out_dir / f'{Path(output["img_path"]).stem}.png'
            if path.name in self._before and not self.overwrite:
                raise FileExistsError(f'ShowPredictionsHook: {path} exists; pass --overwrite '
                                      '(tools/test.py) to replace it, or another --show-dir.')
            if not cv2.imwrite(str(path), cv2.cvtColor(strip, cv2.COLOR_RGB2BGR)):
                raise OSError(f'ShowPredictionsHook: could not write {path}.')
            self.written += 1

    def after_test(self, runner) -> None:
        """Log once where the images went."""
        print_log(f'ShowPredictionsHook: wrote {self.written} prediction image(s) to '
                  f'{osp.abspath(self.out_dir)}', logger='current')
