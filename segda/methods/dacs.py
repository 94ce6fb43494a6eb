"""DACS: Domain Adaptation via Cross-domain Mixed Sampling (Tranheden et al., WACV 2021), in
the form of DAFormer's code (``mmseg/models/uda/dacs.py``), with DAFormer's and MIC's additions
as options (both papers' codes add them to their DACS class in the same way).

A teacher, the exponential moving average of the student (the task model G + C), labels the
target images; source objects of half the source classes are pasted onto them (ClassMix),
and the student learns from the source and from the mixed images. Each iteration t:

    (a) L_S = CE(f_S(x_S), y_S)                             source cross entropy
    (b) y_T^hat = argmax softmax(f_T(x_T)),                 the teacher's pseudo-labels
        q = |{p : max softmax(f_T(x_T))(p) >= tau}| / |P|   their confidence (whole batch)
        w_T = q on every target pixel (0 on the ignored top/bottom rows)
    (c) M = ClassMix mask of y_S (half its classes),
        x_M = M x_S + (1 - M) x_T,  y_M = M y_S + (1 - M) y_T^hat,  w_M = M + (1 - M) w_T
    (d) x_M <- colour jitter, Gaussian blur (the strong transform)
    (e) L_M = (1 / |P|) sum_p w_M(p) CE(f_S(x_M), y_M)(p)
        one update of G and C on L_S + L_M
    (f) alpha_t = min(1 - 1 / (t + 1), alpha),  theta_T <- alpha_t theta_T + (1 - alpha_t) theta_S

DAFormer (Hoyer et al., CVPR 2022) adds, with ``imnet_feature_dist_lambda`` > 0, the feature
distance of Sec. 3.4 to (a): L_S + L_FD, L_FD the distance of the student's last-level source
features to those of a frozen copy of the initial (ImageNet) backbone, over the feature pixels
of thing classes (``self_training/feature_distance.py``). MIC (Hoyer et al., CVPR 2023, Sec.
3.2) adds, with ``mask_lambda`` > 0, the masked image consistency to (e):

    x_T^M = M * strong_transform(x_T)        M: blocks of b_s px masked with probability r
    L_MIC = (1 / |P|) sum_p w_T(p) CE(f_S(x_T^M), y_T^hat)(p)     the pseudo-labels of (b)

and the one update of G and C is on L_S + L_FD + L_M + lambda_MIC L_MIC.

Each piece is a function of ``segda/methods/self_training/`` with its equation. The teacher is
``self.teacher``, a registered copy of the task outside ``parts()``: no optimiser steps it and
no gradient reaches it, but checkpoints hold it, so ``--resume`` continues it exactly; t is the
runner's iteration. At t = 0 the teacher is set to the student (after the runner's weight
initialisation and any ``load_from``), so every rank starts from rank 0's student and stays
identical (the update averages the student's gradients across ranks).

The frozen backbone (``self.imnet_backbone``) is, like the teacher, a registered module outside
``parts()`` in eval mode, set to the student's G at t = 0 and saved in every checkpoint.

Where SegDA differs from DAFormer's code (docs/methods.md, "DACS", "DAFormer" and "MIC"): the
teacher predicts in eval mode (BatchNorm's running statistics, no dropout) and its BatchNorm
statistics are averaged like its parameters; DAFormer's teacher keeps BatchNorm in training
mode and averages parameters only. The EMA step follows each update with alpha_t at that step,
as DACS's code (DAFormer averages at the start of the next iteration, one step later). ClassMix
draws the classes of each source image from that image's label (DAFormer's code draws from the
labels of the whole batch).
"""
import copy

import torch

from segda.registry import MODELS

from .base import UDAMethod
from .self_training import (
    class_mix_masks,
    confidence_weight,
    ema_alpha,
    ema_update,
    ignore_rows,
    init_teacher,
    mask_images,
    masked_feature_distance,
    mix,
    pixel_weighted_cross_entropy,
    pseudo_labels,
    strong_transform,
    thing_class_mask,
)

EVAL_NETWORKS = ('student', 'teacher')


@MODELS.register_module()
class DACS(UDAMethod):
    """DACS around a segmentation task model.

    Args:
        task: the task model config (a ``Segmentor``).
        alpha: the teacher's EMA rate (DACS 0.99; DAFormer 0.999).
        pseudo_threshold: tau, the max probability above which a pseudo-label is confident
            (0.968).
        pseudo_weight_ignore_top: the first rows of every pseudo-label weighed 0 (DACS 0;
            DAFormer 15).
        pseudo_weight_ignore_bottom: the last rows weighed 0 (DACS 0; DAFormer 120).
        color_jitter_strength: s of the colour jitter (DAFormer 0.2; DACS's code 0.25).
        color_jitter_prob: the probability of jittering a batch (0.8: the sources jitter when
            a uniform draw exceeds their ``color_jitter_probability`` = 0.2).
        blur_prob: the probability of blurring a batch (0.5).
        eval_network: which network predicts at validation and test: ``'student'`` (default,
            as DAFormer evaluates) or ``'teacher'``. Both predict through the task's inference
            (whole image or sliding window).
        imnet_feature_dist_lambda: lambda_FD, the weight of DAFormer's feature distance (0: off,
            DACS; DAFormer 0.005).
        imnet_feature_dist_classes: the train ids whose feature pixels the distance averages
            over (DAFormer: 6, 7, 11-18, traffic light and sign and the eight Cityscapes thing
            classes); ``None``: every feature pixel.
        imnet_feature_dist_scale_min_ratio: the share of a feature pixel's label cell its
            majority class must cover for the pixel to count (DAFormer 0.75).
        mask_lambda: lambda_MIC, the weight of MIC's masked image consistency (0: off; MIC 1).
        mask_ratio: r, the probability that a block is masked (MIC 0.7).
        mask_block_size: b_s, the side of a block in pixels (MIC: 64 at full Cityscapes
            resolution, HRDA; 32 at DAFormer's half resolution).
        data_preprocessor: must normalise with ``mean`` and ``std`` (``SegDataPreProcessor``):
            the strong transform jitters colours in image space.
    """

    requires = dict(class_logits='the teacher labels target pixels by the argmax of its '
                                 'class posteriors')

    def __init__(self, task, alpha=0.99, pseudo_threshold=0.968, pseudo_weight_ignore_top=0,
                 pseudo_weight_ignore_bottom=0, color_jitter_strength=0.2, color_jitter_prob=0.8,
                 blur_prob=0.5, eval_network='student', imnet_feature_dist_lambda=0.0,
                 imnet_feature_dist_classes=None, imnet_feature_dist_scale_min_ratio=None,
                 mask_lambda=0.0, mask_ratio=0.7, mask_block_size=64, data_preprocessor=None,
                 domain_bn=None, init_cfg=None):
        super().__init__(task, data_preprocessor=data_preprocessor, domain_bn=domain_bn,
                         init_cfg=init_cfg)
        name = type(self).__name__
        if self.task.kind != 'segmentation':
            raise ValueError(f'{name} mixes images and their label maps: it needs a '
                             f'segmentation task, got {type(self.task).__name__} '
                             f'({self.task.kind}).')
        if not all(hasattr(self.data_preprocessor, key) for key in ('mean', 'std')):
            raise ValueError(f'{name} jitters colours in image space and needs the data '
                             "preprocessor's mean and std: use data_preprocessor=dict("
                             "type='SegDataPreProcessor', mean=..., std=...).")
        if eval_network not in EVAL_NETWORKS:
            raise ValueError(f'{name}: eval_network must be one of {EVAL_NETWORKS}, '
                             f'got {eval_network!r}')
        for key, value in (('alpha', alpha), ('pseudo_threshold', pseudo_threshold),
                           ('color_jitter_prob', color_jitter_prob), ('blur_prob', blur_prob),
                           ('mask_ratio', mask_ratio)):
            if not 0 <= value <= 1:
                raise ValueError(f'{name}: {key} must be in [0, 1], got {value!r}')
        for key, value in (('imnet_feature_dist_lambda', imnet_feature_dist_lambda),
                           ('mask_lambda', mask_lambda)):
            if value < 0:
                raise ValueError(f'{name}: {key} must be >= 0 (0 switches it off), got {value!r}')
        if imnet_feature_dist_classes is not None and not (
                imnet_feature_dist_scale_min_ratio is not None
                and 0 <= imnet_feature_dist_scale_min_ratio <= 1):
            raise ValueError(f'{name}: imnet_feature_dist_classes needs '
                             'imnet_feature_dist_scale_min_ratio in [0, 1] (DAFormer 0.75), got '
                             f'{imnet_feature_dist_scale_min_ratio!r}.')
        if mask_block_size < 1:
            raise ValueError(f'{name}: mask_block_size must be >= 1, got {mask_block_size!r}')
        self.alpha = alpha
        self.pseudo_threshold = pseudo_threshold
        self.pseudo_weight_ignore_top = pseudo_weight_ignore_top
        self.pseudo_weight_ignore_bottom = pseudo_weight_ignore_bottom
        self.color_jitter_strength = color_jitter_strength
        self.color_jitter_prob = color_jitter_prob
        self.blur_prob = blur_prob
        self.eval_network = eval_network
        self.imnet_feature_dist_lambda = imnet_feature_dist_lambda
        self.imnet_feature_dist_classes = imnet_feature_dist_classes
        self.imnet_feature_dist_scale_min_ratio = imnet_feature_dist_scale_min_ratio
        self.mask_lambda = mask_lambda
        self.mask_ratio = mask_ratio
        self.mask_block_size = mask_block_size
        self.teacher = copy.deepcopy(self.task).requires_grad_(False)
        # DAFormer's frozen ImageNet backbone: the student's G at t = 0, never trained.
        self.imnet_backbone = (copy.deepcopy(self.task.generator).requires_grad_(False)
                               if imnet_feature_dist_lambda > 0 else None)

    def train(self, mode: bool = True):
        """Set the training mode of the task (and the rest); the teacher and the frozen
        backbone stay in eval mode."""
        super().train(mode)
        self.teacher.eval()
        if self.imnet_backbone is not None:
            self.imnet_backbone.eval()
        return self

    def feature_distance(self, inputs_s: torch.Tensor, feats_s, labels_s: torch.Tensor):
        """lambda_FD L_FD (DAFormer Sec. 3.4): the distance of the student's last-level
        features ``feats_s`` of the source batch to the frozen backbone's, averaged over the
        feature pixels of ``imnet_feature_dist_classes`` (all pixels when None)."""
        features = self.task.domain_features(feats_s)
        with torch.no_grad():
            reference = self.task.domain_features(self.imnet_backbone(inputs_s))
        size = features.shape[-2:]
        if self.imnet_feature_dist_classes is None:
            mask = torch.ones(labels_s.shape[:1] + size, dtype=torch.bool, device=features.device)
        else:
            mask = thing_class_mask(labels_s, size, self.imnet_feature_dist_classes,
                                    self.imnet_feature_dist_scale_min_ratio,
                                    self.task.num_classes, self.task.ignore_index)
        return self.imnet_feature_dist_lambda * masked_feature_distance(features, reference, mask)

    def masked_consistency(self, inputs_t: torch.Tensor, labels_t: torch.Tensor,
                           weights_t: torch.Tensor):
        """L_MIC (MIC Sec. 3.2): the student on the colour-augmented, block-masked target
        batch against the teacher's pseudo-labels of the unmasked batch and their weights."""
        images = strong_transform(inputs_t, self.data_preprocessor.mean,
                                  self.data_preprocessor.std, self.color_jitter_strength,
                                  self.color_jitter_prob, self.blur_prob)
        images = mask_images(images, self.mask_ratio, self.mask_block_size)
        return pixel_weighted_cross_entropy(self.task(images), labels_t, weights_t,
                                            self.task.ignore_index)

    def teacher_labels(self, inputs_t: torch.Tensor):
        """(b): the teacher's pseudo-labels y_T^hat of the target batch and the weights w_T of
        its pixels (``N x H x W``), and the confidence q."""
        with torch.no_grad():
            logits = self.teacher.classify(self.teacher.extract(inputs_t))
        labels, max_probs = pseudo_labels(logits)
        confidence = confidence_weight(max_probs, self.pseudo_threshold)
        weights = ignore_rows(confidence.expand_as(max_probs), self.pseudo_weight_ignore_top,
                              self.pseudo_weight_ignore_bottom)
        return labels, weights, confidence

    def mixed_batch(self, source: dict, labels_s: torch.Tensor, target: dict,
                    labels_t: torch.Tensor, weights_t: torch.Tensor):
        """(c), (d): the mixed images after the strong transform, their labels and weights."""
        masks = class_mix_masks(labels_s)
        images = mix(masks, source['inputs'], target['inputs'])
        images = strong_transform(images, self.data_preprocessor.mean,
                                  self.data_preprocessor.std, self.color_jitter_strength,
                                  self.color_jitter_prob, self.blur_prob)
        labels = mix(masks, labels_s, labels_t)
        weights = mix(masks, torch.ones_like(weights_t), weights_t)
        return images, labels, weights

    def train_step(self, data, optim_wrapper):
        source, target = self.preprocess_pair(data)
        iteration = self.iteration()
        if iteration == 0:
            init_teacher(self.teacher, self.task)
            if self.imnet_backbone is not None:
                init_teacher(self.imnet_backbone, self.task.generator)

        # (a) the student on the labelled source (DAFormer: and the feature distance).
        feats_s = self.task.extract(source['inputs'])
        logits_s = self.task.classify(feats_s)
        loss_source, log_vars = self.task_loss(logits_s, source['data_samples'], 'loss_source')
        labels_s = self.task.labels(source['data_samples'], logits_s)
        loss = loss_source
        if self.imnet_backbone is not None:
            log_vars['loss_feature_dist'] = self.feature_distance(source['inputs'], feats_s,
                                                                  labels_s)
            loss = loss + log_vars['loss_feature_dist']

        # (b)-(d) the teacher's pseudo-labels, ClassMix and the strong transform.
        labels_t, weights_t, confidence = self.teacher_labels(target['inputs'])
        images_m, labels_m, weights_m = self.mixed_batch(source, labels_s, target, labels_t,
                                                         weights_t)

        # (e) the student on the mixed images (MIC: and on the masked target); one update of G
        # and C on all the losses.
        loss_mix = pixel_weighted_cross_entropy(self.task(images_m), labels_m, weights_m,
                                                self.task.ignore_index)
        loss = loss + loss_mix
        if self.mask_lambda > 0:  # MIC: the masked target against the same pseudo-labels
            log_vars['loss_masked'] = self.masked_consistency(target['inputs'], labels_t,
                                                              weights_t)
            loss = loss + self.mask_lambda * log_vars['loss_masked']
        self.update(optim_wrapper, loss, ('generator', 'head'))

        # (f) the teacher follows the updated student.
        alpha = ema_alpha(iteration, self.alpha)
        ema_update(self.teacher, self.task, alpha)
        return self.log(dict(log_vars, loss_mix=loss_mix, pseudo_confidence=confidence,
                             ema_alpha=alpha))

    def predicting_network(self):
        """The task model that predicts: the student (``self.task``) or the teacher."""
        return self.teacher if self.eval_network == 'teacher' else self.task

    def prediction_modules(self) -> tuple:
        """``('teacher',)`` when the teacher predicts: a checkpoint of the task alone (a
        source-only run's) leaves it as constructed, so it cannot be evaluated."""
        return (self.eval_network if self.eval_network == 'teacher' else 'task',)

    def predict_logits(self, inputs):
        """The logits of ``eval_network``, through its task inference (whole or sliding)."""
        return self.predicting_network().inference(inputs, self.prediction_classifier())

    def predict(self, inputs, data_samples):
        """The predictions of ``eval_network`` (the student by default)."""
        return self.predicting_network().predict(inputs, data_samples,
                                                 self.prediction_classifier())
