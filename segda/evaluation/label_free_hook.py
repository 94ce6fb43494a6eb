"""Label-free checkpoint scores at every validation, on a fixed subset of target TRAIN images.

Unsupervised adaptation has no target labels to select a checkpoint with. At each
validation :class:`LabelFreeScoreHook` runs the model (in eval mode, as validation left
it) on ``num_images`` target training images, takes the class posteriors behind its
predictions (SymNets: Ct's) at ``pixels_per_image`` pixels of each (a classifier: one
posterior per image), and adds these scores (``segda/evaluation/label_free.py``) to the
validation metrics:

    target_entropy     mean prediction entropy             lower is better
    target_im          information maximisation            greater is better
    target_snd         soft neighbourhood density (SND)    greater is better
    target_max_share   share of the most predicted class   a collapse check (1 / K even)
    target_bnm         batch nuclear norm ||A||_* / N      greater is better

and, with ``mixval=True``, MixVal's (greater is better): ``target_mixval_intra`` and
``target_mixval_inter``, the ICE scores of the intra- and inter-class probes, and
``target_mixval``, their mean. Each image is mixed with a partner image (drawn once) at
``mixval_ratio`` and the prediction on the mix is compared at the image's sampled pixels
with the image's own. Cost: one more forward per image (the hook's forwards double, from
``num_images`` to twice that) and the preprocessing of two images per mix; the mixed
images must have one size.

They are logged with the other validation metrics (``scalars.json``, the log line) and
``default_hooks.checkpoint`` can keep the best checkpoint by one of them, e.g.
``checkpoint=dict(save_best='target_snd', rule='greater')`` (``rule='less'`` for
``target_entropy``).

The images are the train dataset's ``target`` (a ``DomainPairDataset``), built with its
own pipeline through ``segda.utils.without_labels``: no label is listed or read. The images, the
pipeline's random draws (flip, crop), the pixels and the MixVal partners are drawn ONCE from
``seed`` and kept, so every validation scores the same inputs; the global random streams are
left untouched.
"""
from typing import Optional

import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from segda.engine.loops import untouched_rng
from segda.registry import DATASETS, FUNCTIONS, HOOKS
from segda.utils import check_positive_int, without_labels

from .label_free import (
    MIXVAL_RATIO,
    SND_TEMPERATURE,
    check_mix_ratio,
    interpolation_consistency,
    label_free_scores,
    mixup,
)


def target_train_dataset_cfg(cfg) -> dict:
    """The unlabelled target set of a config whose train dataset is a domain pair."""
    dataset = cfg.get('train_dataloader', {}).get('dataset', {})
    if not str(dataset.get('type', '')).endswith('DomainPairDataset'):
        raise ValueError(f"LabelFreeScoreHook: train_dataloader.dataset is "
                         f"{dataset.get('type')!r}, not a DomainPairDataset, so there is no "
                         "target train set to score; pass dataset=dict(...) (an unlabelled "
                         'target dataset) to the hook, or remove it from custom_hooks.')
    return without_labels(dataset['target'])


def sampled_outputs(logits: torch.Tensor, positions) -> torch.Tensor:
    """The rows scored of one image's outputs: a segmentor's ``1 x K x H' x W'`` logits at the
    sampled pixels ``(rows, cols)`` (``P x K``; H' >= H with padding, so they lie in the
    image), or a classifier's ``1 x K`` logits whole."""
    if logits.dim() == 2:
        return logits
    rows, cols = positions
    return logits[0][:, rows, cols].t()


def draw_partners(rng: np.random.Generator, count: int) -> list:
    """``partners[i]``, the image mixed into image i: one random cycle through all ``count``
    images, so no image is its own partner and each is the partner of exactly one."""
    order = rng.permutation(count).tolist()
    partners = [0] * count
    for position, image in enumerate(order):
        partners[image] = order[(position + 1) % count]
    return partners


def check_two_images(count: int, what: str) -> None:
    """Raise a ValueError unless ``count`` >= 2: MixVal mixes pairs of images."""
    if count < 2:
        raise ValueError(f'LabelFreeScoreHook(mixval=True) needs two images to mix, got {what}')


def check_same_sizes(images: list, partners: list) -> None:
    """Raise a ValueError naming the first image whose partner differs in size; ``images`` is
    ``[(name, (height, width))]``."""
    for (name, size), partner in zip(images, partners):
        other, other_size = images[partner]
        if size != other_size:
            raise ValueError(
                f'LabelFreeScoreHook(mixval=True) mixes each target image with another pixel '
                f'by pixel, but {name!r} is {size[0]} x {size[1]} and its partner {other!r} is '
                f'{other_size[0]} x {other_size[1]} after the pipeline: resize the target '
                'images to one size in the pipeline, or set mixval=False.')


@HOOKS.register_module()
class LabelFreeScoreHook(Hook):
    """Add ``target_entropy``, ``target_im``, ``target_snd``, ``target_max_share``,
    ``target_bnm`` and, with ``mixval``, ``target_mixval`` (``_intra``, ``_inter``) to every
    validation's metrics.

    Args:
        num_images: target train images scored (all of them when the set is smaller).
        pixels_per_image: pixels sampled per image (uniformly, without replacement); a
            classifier has one output per image.
        seed: draws the images, the pipeline's augmentations, the pixels and the MixVal
            partners, once.
        temperature: SND's tau (Saito et al.: 0.05).
        dataset: an unlabelled dataset config; default the train dataset's ``target``.
        mixval: also score MixVal (one more forward per image).
        mixval_ratio: MixVal's lambda, the weight of the image whose pseudo-label a mix is
            scored against (Hu et al.: 0.55).
    """

    # After RuntimeInfoHook (VERY_HIGH) has logged the metrics, before LoggerHook
    # (BELOW_NORMAL) prints them and CheckpointHook (VERY_LOW) compares them.
    priority = 'NORMAL'

    def __init__(self, num_images: int = 16, pixels_per_image: int = 128, seed: int = 0,
                 temperature: float = SND_TEMPERATURE, dataset: Optional[dict] = None,
                 mixval: bool = False, mixval_ratio: float = MIXVAL_RATIO):
        self.num_images = check_positive_int('LabelFreeScoreHook', 'num_images', num_images)
        self.pixels_per_image = check_positive_int('LabelFreeScoreHook', 'pixels_per_image',
                                                   pixels_per_image)
        self.seed = seed
        self.temperature = temperature
        self.dataset = dataset
        self.mixval = mixval
        if mixval:
            check_two_images(num_images, f'num_images={num_images}')
        self.mixval_ratio = check_mix_ratio('LabelFreeScoreHook', 'mixval_ratio', mixval_ratio)
        self.samples = None  # [(batch of one image, (rows, cols) of its sampled pixels)]
        self.partners = None  # with mixval: partners[i], the image mixed into image i

    def before_run(self, runner) -> None:
        """Refuse, before training, a model whose outputs are not class logits."""
        task = getattr(self._model(runner), 'task', None)
        if task is not None and 'class_logits' not in task.capabilities():
            raise ValueError(f'LabelFreeScoreHook scores class posteriors, but the task '
                             f'{type(task).__name__} outputs no class logits (re-ID outputs '
                             'descriptors); remove the hook from custom_hooks.')

    def _draw_samples(self, runner) -> None:
        """Load the fixed subset once: images, their augmentations, pixel positions and (with
        MixVal) partners."""
        cfg = without_labels(self.dataset) if self.dataset else \
            target_train_dataset_cfg(runner.cfg)
        dataset = DATASETS.build(cfg)
        collate = FUNCTIONS.get('seg_collate')
        samples, sizes = [], []
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
                name = batch['data_samples'][0].get('img_path', f'sample {index}')
                sizes.append((name, (height, width)))
            if self.mixval:
                check_two_images(count, f'a target set of {len(dataset)} image(s)')
                self.partners = draw_partners(rng, count)
                check_same_sizes(sizes, self.partners)
        self.samples = samples

    @staticmethod
    def _model(runner):
        """The method, unwrapped."""
        return runner.model.module if is_model_wrapper(runner.model) else runner.model

    @staticmethod
    def _inputs(model, batch: dict) -> torch.Tensor:
        """A batch preprocessed as for validation (normalised, padded, on the model's device)."""
        return model.data_preprocessor(batch, False)['inputs']

    @torch.no_grad()
    def _predictions(self, model) -> tuple:
        """Per image: the posteriors at its sampled pixels (``P x K``), its pseudo-labels there
        and (MixVal) its partner's pseudo-labels at the same pixels."""
        posteriors, labels = [], []
        partner_labels = [None] * len(self.samples)
        for image, (batch, positions) in enumerate(self.samples):
            # The outputs behind the predictions (SymNets: Ct's; ADR: C's).
            logits = model.predict_logits(self._inputs(model, batch))
            sampled = sampled_outputs(logits, positions).float()
            posteriors.append(sampled.softmax(dim=1))
            labels.append(sampled.argmax(dim=1))
            if self.partners is not None:
                mixed_into = self.partners.index(image)
                partner_labels[mixed_into] = sampled_outputs(
                    logits, self.samples[mixed_into][1]).argmax(dim=1)
        return posteriors, labels, partner_labels

    def target_posteriors(self, runner) -> torch.Tensor:
        """``N x K`` class posteriors of the sampled pixels (N = images x pixels; a classifier:
        N = images)."""
        if self.samples is None:
            self._draw_samples(runner)
        return torch.cat(self._predictions(self._model(runner))[0])

    @torch.no_grad()
    def _mixval(self, model, labels: list, partner_labels: list) -> dict:
        """MixVal: each image mixed with its partner, predicted, checked at its pixels."""
        mixed_labels = []
        for (batch, positions), partner in zip(self.samples, self.partners):
            inputs = mixup(self._inputs(model, batch),
                           self._inputs(model, self.samples[partner][0]), self.mixval_ratio)
            mixed_labels.append(sampled_outputs(model.predict_logits(inputs),
                                                positions).argmax(dim=1))
        return interpolation_consistency(torch.cat(mixed_labels), torch.cat(labels),
                                         torch.cat(partner_labels))

    def after_val_epoch(self, runner, metrics: Optional[dict] = None) -> None:
        if self.samples is None:
            self._draw_samples(runner)
        model = self._model(runner)
        posteriors, labels, partner_labels = self._predictions(model)
        scores = label_free_scores(torch.cat(posteriors), self.temperature)
        if self.mixval:
            scores.update(self._mixval(model, labels, partner_labels))
        for key, value in scores.items():
            runner.message_hub.update_scalar(f'val/{key}', value)
        if metrics is not None:
            metrics.update(scores)
