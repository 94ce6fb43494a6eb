"""DACS: Domain Adaptation via Cross-domain Mixed Sampling (Tranheden et al., WACV 2021), in
the form of DAFormer's code (``mmseg/models/uda/dacs.py``).

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

Each piece is a function of ``segda/methods/self_training/`` with its equation. The teacher is
``self.teacher``, a registered copy of the task outside ``parts()``: no optimiser steps it and
no gradient reaches it, but checkpoints hold it, so ``--resume`` continues it exactly; t is the
runner's iteration. At t = 0 the teacher is set to the student (after the runner's weight
initialisation and any ``load_from``), so every rank starts from rank 0's student and stays
identical (the update averages the student's gradients across ranks).

Where SegDA differs from DAFormer's code (docs/methods.md, "DACS"): the teacher predicts in
eval mode (BatchNorm's running statistics, no dropout) and its BatchNorm statistics are
averaged like its parameters; DAFormer's teacher keeps BatchNorm in training mode and averages
parameters only. The EMA step follows each update with alpha_t at that step, as DACS's code
(DAFormer averages at the start of the next iteration, one step later). ClassMix draws the
classes of each source image from that image's label (DAFormer's code draws from the labels
of the whole batch).
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
    mix,
    pixel_weighted_cross_entropy,
    pseudo_labels,
    strong_transform,
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
        data_preprocessor: must normalise with ``mean`` and ``std`` (``SegDataPreProcessor``):
            the strong transform jitters colours in image space.
    """

    requires = dict(class_logits='the teacher labels target pixels by the argmax of its '
                                 'class posteriors')

    def __init__(self, task, alpha=0.99, pseudo_threshold=0.968, pseudo_weight_ignore_top=0,
                 pseudo_weight_ignore_bottom=0, color_jitter_strength=0.2, color_jitter_prob=0.8,
                 blur_prob=0.5, eval_network='student', data_preprocessor=None, domain_bn=None,
                 init_cfg=None):
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
                           ('color_jitter_prob', color_jitter_prob), ('blur_prob', blur_prob)):
            if not 0 <= value <= 1:
                raise ValueError(f'{name}: {key} must be in [0, 1], got {value!r}')
        self.alpha = alpha
        self.pseudo_threshold = pseudo_threshold
        self.pseudo_weight_ignore_top = pseudo_weight_ignore_top
        self.pseudo_weight_ignore_bottom = pseudo_weight_ignore_bottom
        self.color_jitter_strength = color_jitter_strength
        self.color_jitter_prob = color_jitter_prob
        self.blur_prob = blur_prob
        self.eval_network = eval_network
        self.teacher = copy.deepcopy(self.task).requires_grad_(False)

    def train(self, mode: bool = True):
        """Set the training mode of the task (and the rest); the teacher stays in eval mode."""
        super().train(mode)
        self.teacher.eval()
        return self

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

        # (a) the student on the labelled source.
        logits_s = self.task(source['inputs'])
        loss_source, log_vars = self.task_loss(logits_s, source['data_samples'], 'loss_source')
        labels_s = self.task.labels(source['data_samples'], logits_s)

        # (b)-(d) the teacher's pseudo-labels, ClassMix and the strong transform.
        labels_t, weights_t, confidence = self.teacher_labels(target['inputs'])
        images_m, labels_m, weights_m = self.mixed_batch(source, labels_s, target, labels_t,
                                                         weights_t)

        # (e) the student on the mixed images; one update of G and C on both losses.
        loss_mix = pixel_weighted_cross_entropy(self.task(images_m), labels_m, weights_m,
                                                self.task.ignore_index)
        self.update(optim_wrapper, loss_source + loss_mix, ('generator', 'head'))

        # (f) the teacher follows the updated student.
        alpha = ema_alpha(iteration, self.alpha)
        ema_update(self.teacher, self.task, alpha)
        return self.log(dict(log_vars, loss_mix=loss_mix, pseudo_confidence=confidence,
                             ema_alpha=alpha))

    def predicting_network(self):
        """The task model that predicts: the student (``self.task``) or the teacher."""
        return self.teacher if self.eval_network == 'teacher' else self.task

    def predict_logits(self, inputs):
        """The logits of ``eval_network``, through its task inference (whole or sliding)."""
        return self.predicting_network().inference(inputs, self.prediction_classifier())

    def predict(self, inputs, data_samples):
        """The predictions of ``eval_network`` (the student by default)."""
        return self.predicting_network().predict(inputs, data_samples,
                                                 self.prediction_classifier())
