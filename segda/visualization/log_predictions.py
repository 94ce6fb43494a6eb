"""A validation hook that logs a few colourised predictions through the runner's visualizer.

Each strip is ShowPredictionsHook's ``[image | prediction overlay | ground truth]``; the
visualizer hands it to every backend of the config (``tools/train.py --tensorboard`` adds
TensorBoard's, where the strips appear under IMAGES with the iteration as the step).
"""
from pathlib import Path

from mmengine.hooks import Hook

from segda.registry import HOOKS
from segda.visualization.palette import generated_palette
from segda.visualization.show_predictions import prediction_strip, read_rgb


@HOOKS.register_module()
class LogPredictionsHook(Hook):
    """At each validation, log the strips of the first ``max_images`` validation images
    (the same images every time, so their predictions can be followed over training) as
    ``val_predictions/<image stem>`` at step ``runner.iter``.

    Args:
        max_images: how many images per validation.
        opacity: weight of the prediction colours in the overlay, in [0, 1].

    Colours: the validation dataset's ``metainfo['palette']`` (a generated palette when it
    has none).
    """

    priority = 'LOW'

    def __init__(self, max_images: int = 4, opacity: float = 0.5):
        if max_images < 1:
            raise ValueError(f'LogPredictionsHook: max_images must be >= 1, got {max_images}.')
        if not 0 <= opacity <= 1:
            raise ValueError(f'LogPredictionsHook: opacity must lie in [0, 1], got {opacity}.')
        self.max_images = max_images
        self.opacity = opacity
        self.logged = 0

    def before_val(self, runner) -> None:
        """Count afresh for this validation."""
        self.logged = 0

    def after_val_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        """Log the strips of this batch's outputs until ``max_images`` are logged."""
        meta = getattr(getattr(runner.val_dataloader, 'dataset', None), 'metainfo', None) or {}
        palette = meta.get('palette')
        if palette is None:
            palette = generated_palette(len(meta.get('classes', ())) or 255)
        for output in outputs or []:
            if self.logged >= self.max_images:
                return
            strip = prediction_strip(read_rgb(output['img_path']), output['pred_seg'], palette,
                                     output.get('gt_seg'), self.opacity,
                                     meta.get('ignore_index', 255))
            runner.visualizer.add_image(f'val_predictions/{Path(output["img_path"]).stem}',
                                        strip, step=runner.iter)
            self.logged += 1
