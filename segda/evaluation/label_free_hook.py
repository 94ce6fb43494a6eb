"""Label-free checkpoint scores at every validation, on a fixed subset of target TRAIN images.

Unsupervised adaptation has no target labels to select a checkpoint with. At each
validation :class:`LabelFreeScoreHook` runs the model (in eval mode, as validation left
it) on ``num_images`` target training images, takes the class posteriors behind its
predictions (SymNets: Ct's) at ``pixels_per_image`` pixels of each (a classifier: one
posterior per image), and adds four scores (``segda/evaluation/label_free.py``) to the
validation metrics:

    target_entropy     mean prediction entropy             lower is better
    target_im          information maximisation            greater is better
    target_snd         soft neighbourhood density (SND)    greater is better
    target_max_share   share of the most predicted class   a collapse check (1 / K even)

They are logged with the other validation metrics (``scalars.json``, the log line) and
``default_hooks.checkpoint`` can keep the best checkpoint by one of them, e.g.
``checkpoint=dict(save_best='target_snd', rule='greater')`` (``rule='less'`` for
``target_entropy``).

The images are the train dataset's ``target`` (a ``DomainPairDataset``), built with its
own pipeline through ``segda.utils.without_labels``: no label is listed or read. The images, the
pipeline's random draws (flip, crop) and the pixels are drawn ONCE from ``seed`` and kept,
so every validation scores the same inputs; the global random streams are left untouched.
A model without class posteriors (re-ID: descriptors) is refused when the run starts.
"""
from typing import Optional

import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from segda.engine.loops import untouched_rng
from segda.registry import DATASETS, FUNCTIONS, HOOKS
from segda.utils import check_positive_int, without_labels

from .label_free import SND_TEMPERATURE, label_free_scores


def target_train_dataset_cfg(cfg) -> dict:
    """The unlabelled target set of a config whose train dataset is a domain pair."""
    dataset = cfg.get('train_dataloader', {}).get('dataset', {})
    if not str(dataset.get('type', '')).endswith('DomainPairDataset'):
        raise ValueError(f"LabelFreeScoreHook: train_dataloader.dataset is "
                         f"{dataset.get('type')!r}, not a DomainPairDataset, so there is no "
                         "target train set to score; pass dataset=dict(...) (an unlabelled "
                         'target dataset) to the hook, or remove it from custom_hooks.')
    return without_labels(dataset['target'])


@HOOKS.register_module()
class LabelFreeScoreHook(Hook):
    """Add ``target_entropy``, ``target_im``, ``target_snd`` and ``target_max_share`` to every
    validation's metrics.

    Args:
        num_images: target train images scored (all of them when the set is smaller).
        pixels_per_image: pixels sampled per image (uniformly, without replacement).
        seed: draws the images, the pipeline's augmentations and the pixels, once.
        temperature: SND's tau (Saito et al.: 0.05).
        dataset: an unlabelled dataset config; default the train dataset's ``target``.
    """

    # After RuntimeInfoHook (VERY_HIGH) has logged the metrics, before LoggerHook
    # (BELOW_NORMAL) prints them and CheckpointHook (VERY_LOW) compares them.
    priority = 'NORMAL'

    def __init__(self, num_images: int = 16, pixels_per_image: int = 128, seed: int = 0,
                 temperature: float = SND_TEMPERATURE, dataset: Optional[dict] = None):
        self.num_images = check_positive_int('LabelFreeScoreHook', 'num_images', num_images)
        self.pixels_per_image = check_positive_int('LabelFreeScoreHook', 'pixels_per_image',
                                                   pixels_per_image)
        self.seed = seed
        self.temperature = temperature
        self.dataset = dataset
        self.samples = None  # [(batch of one image, (rows, cols) of its sampled pixels)]

    def before_run(self, runner) -> None:
        """Refuse a model whose task outputs no class logits (re-ID descriptors) before any
        training: there are no class posteriors to score."""
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        task = getattr(model, 'task', model)
        if not getattr(task, 'outputs_class_logits', True):
            raise ValueError(f'LabelFreeScoreHook scores class posteriors; the task '
                             f'{type(task).__name__} ({getattr(task, "kind", "unknown")}) '
                             'outputs none: remove the hook from custom_hooks.')

    def _draw_samples(self, runner) -> list:
        """Load the fixed subset once: images, their augmentations and pixel positions."""
        cfg = without_labels(self.dataset) if self.dataset else \
            target_train_dataset_cfg(runner.cfg)
        dataset = DATASETS.build(cfg)
        collate = FUNCTIONS.get('seg_collate')
        samples = []
        with untouched_rng():
            rng = np.random.default_rng(self.seed)
            np.random.seed(self.seed)
            torch.manual_seed(self.seed)
            count = min(self.num_images, len(dataset))
            for index in sorted(rng.choice(len(dataset), count, replace=False).tolist()):
                batch = collate([dataset[index]])
                height, width = batch['inputs'].shape[-2:]
                pixels = rng.choice(height * width, min(self.pixels_per_image, height * width),
                                    replace=False)
                positions = (torch.from_numpy(pixels // width), torch.from_numpy(pixels % width))
                samples.append((batch, positions))
        return samples

    @torch.no_grad()
    def target_posteriors(self, runner) -> torch.Tensor:
        """``N x K`` class posteriors of the sampled pixels (N = images x pixels), or of the
        images for a classifier (N = images)."""
        if self.samples is None:
            self.samples = self._draw_samples(runner)
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        posteriors = []
        for batch, (rows, cols) in self.samples:
            data = model.data_preprocessor(batch, False)
            logits = model.predict_logits(data['inputs'])  # SymNets: Ct's; ADR: C's
            probs = logits[0].float().softmax(dim=0)
            # K x H' x W', H' >= H (padding): the sampled pixels lie in the image. K: a class
            # per image.
            posteriors.append(probs[:, rows, cols].t() if probs.dim() == 3 else probs[None])
        return torch.cat(posteriors)

    def after_val_epoch(self, runner, metrics: Optional[dict] = None) -> None:
        scores = label_free_scores(self.target_posteriors(runner), self.temperature)
        for key, value in scores.items():
            runner.message_hub.update_scalar(f'val/{key}', value)
        if metrics is not None:
            metrics.update(scores)
