"""Adversarial Dropout Regularization (Saito et al., ICLR 2018, Sec. 3.2).

The classifier C, sampled twice with dropout, becomes a critic whose sensitivity

    d(p1, p2) = 0.5 (KL(p1 || p2) + KL(p2 || p1))                        (Eq. 1)

on target samples measures how close they lie to its decision boundary. Each iteration:

    Step 1   min_{G,C}  L(Xs, Ys)                     source cross entropy (Eq. 2)
    Step 2   min_C      L(Xs, Ys) - L_adv(Xt)          C becomes sensitive (Eq. 3, 4)
    Step 3   min_G      L_adv(Xt) + entropy terms      n times, G moves targets away (Eq. 5)

Eq. 5's entropy term is ambiguous as printed (its sign maximises per-sample entropy, the
text asks for targets spread over the K classes) and the official code has none, so two
explicit weights exist, both 0 by default: ``cond_entropy_weight`` (conditional entropy
of the target predictions, minimised) and ``marginal_entropy_weight`` (entropy of the
batch-mean prediction, maximised: class balance as in CatGAN).

Optionally a clean classifier C' (``clean_head``) learns on source features without
updating G; it is evaluated alongside C (``pred_seg_clean`` / ``pred_label_clean``).

Two training conditions differ between the paper as printed and the official code whose
runs gave the published numbers; each is an argument:

- ``reduction``: the scale of L_adv. ``'sum'`` is Eq. 1 (ENT: Eq. 10) as printed, a sum
  over the K classes averaged over samples/pixels,

      d = (1 / M) sum_i 1/2 sum_k (p1_ik - p2_ik)(log p1_ik - log p2_ik);

  ``'mean'`` is the official code's effective scale, the mean over every element, classes
  included, i.e. d / K (without that code's second softmax):

      d_mean = (1 / (M K)) sum_i 1/2 sum_k (p1_ik - p2_ik)(log p1_ik - log p2_ik).

- ``step1_bn``: ``'source'`` runs Step 1 on the source batch alone (Sec. 3.2);
  ``'joint'`` forwards source and target as one batch through G and C and takes the loss
  on the source half (the official code), so Step 1's BatchNorm statistics are those of
  both domains.

Step 2 forwards the two domains as ``domain_bn`` says (``UDAMethod.per_domain``); Step 3
forwards the target alone.

``log_source_sensitivity`` also logs the critic's sensitivity on the source batch,
``sensitivity_source`` = L_adv(Xs), beside the target's (the yellow curves of Fig. 4; ENT:
the source entropy), from the features Step 2 already has: two more passes of C on the
source, without gradients, on a copy of the random generators (training is unchanged).
"""
import copy

import torch
from torch import nn

from segda.models.losses import (
    CLASS_REDUCTIONS,
    entropy,
    l1_discrepancy,
    marginal_entropy,
    symmetric_kl,
)
from segda.models.tasks.base import build_part
from segda.registry import MODELS
from segda.utils import check_positive_int

from .base import UDAMethod

DISCREPANCIES = dict(symkl=symmetric_kl, l1=l1_discrepancy)
STEP1_BN = ('source', 'joint')


@MODELS.register_module()
class ADR(UDAMethod):
    """ADR around any task model whose head has dropout.

    Args:
        task: the task model config (its head must have dropout).
        generator_steps: n, the number of G updates per iteration (Step 3).
        sensitivity_weight: w, the weight of L_adv in Step 2 (``CE_source - w L_adv``) and
            Step 3 (``w L_adv + entropy terms``); 1 in the paper. The logs show L_adv itself.
        discrepancy: ``'symkl'`` (Eq. 1, default) or ``'l1'``.
        cond_entropy_weight: weight of the target conditional entropy in Step 3 (minimised).
        marginal_entropy_weight: weight of the batch-mean prediction's entropy (maximised).
        clean_head: ``True`` to add C' as a dropout-free copy of the head, a config dict for
            C' (``in_channels`` and ``num_classes`` filled in from the task when absent), or
            ``None``.
        reduction: ``'sum'`` (Eq. 1 as printed, default) or ``'mean'`` (over classes too,
            the official code's scale); module docstring.
        step1_bn: ``'source'`` (default) or ``'joint'``; module docstring.
        log_source_sensitivity: also log L_adv(Xs) as ``sensitivity_source`` (Fig. 4).
        domain_bn: ``'joint'`` (default) or ``'separate'`` for Steps 2 and 3.
    """

    requires = dict(class_logits='its critic compares two dropout samples of class posteriors, '
                                 'Eq. 1',
                    head_dropout='C with dropout is the critic, Sec. 3.2')
    num_target_samples = 2  # C1, C2: the dropout samples of C that d(p1, p2) compares

    def __init__(self, task, generator_steps=4, discrepancy='symkl', sensitivity_weight=1.0,
                 cond_entropy_weight=0.0, marginal_entropy_weight=0.0, clean_head=None,
                 reduction='sum', step1_bn='source', log_source_sensitivity=False,
                 data_preprocessor=None, domain_bn=None, init_cfg=None):
        super().__init__(task, data_preprocessor=data_preprocessor, domain_bn=domain_bn,
                         init_cfg=init_cfg)
        for name, value, choices in (('reduction', reduction, CLASS_REDUCTIONS),
                                     ('step1_bn', step1_bn, STEP1_BN)):
            if value not in choices:
                raise ValueError(f'{type(self).__name__}: {name} must be one of {choices}, '
                                 f'got {value!r}')
        self.reduction = reduction
        self.step1_bn = step1_bn
        self.log_source_sensitivity = log_source_sensitivity
        if discrepancy not in DISCREPANCIES:
            raise ValueError(f'{type(self).__name__}: discrepancy must be one of '
                             f'{sorted(DISCREPANCIES)}, got {discrepancy!r}')
        self.generator_steps = check_positive_int(type(self).__name__, 'generator_steps',
                                                  generator_steps)
        self.discrepancy = DISCREPANCIES[discrepancy]
        if not sensitivity_weight > 0:
            raise ValueError(f'{type(self).__name__}: sensitivity_weight must be positive, '
                             f'got {sensitivity_weight!r}')
        self.sensitivity_weight = sensitivity_weight
        self.cond_entropy_weight = cond_entropy_weight
        self.marginal_entropy_weight = marginal_entropy_weight
        self.clean_head = self._build_clean_head(clean_head)

    def _build_clean_head(self, clean_head):
        if clean_head is None or clean_head is False:
            return None
        if clean_head is not True:
            return build_part(clean_head, in_channels=self.task.generator.out_channels,
                              num_classes=self.task.num_classes)
        head = copy.deepcopy(self.task.head)
        for module in head.modules():
            if isinstance(module, nn.modules.dropout._DropoutNd):
                module.p = 0.0
        return head

    def extra_parts(self):
        return {} if self.clean_head is None else dict(clean_head=self.clean_head)

    def target_sensitivity(self, feats):
        """L_adv(Xt) (Eq. 4) of target features (or of source features, for the log):
        ``sensitivity`` of C's dropout samples."""
        return self.sensitivity(self.task.classify_samples(feats, self.num_target_samples))

    def logged_sensitivity(self, feats):
        """L_adv of ``feats`` for the log only: without gradients, and on a copy of the random
        generators, so that logging it leaves the dropout draws of training unchanged."""
        device = next(self.task.parameters()).device
        devices = [device] if device.type == 'cuda' else []
        with torch.no_grad(), torch.random.fork_rng(devices=devices):
            return self.target_sensitivity(feats)

    def sensitivity(self, target_logits):
        """L_adv(Xt) = d(p1, p2) (Eq. 1, 4) of the two samples ``target_logits`` = C1, C2,
        reduced over classes as ``reduction`` says."""
        logits_1, logits_2 = target_logits
        return self.discrepancy(logits_1, logits_2, reduction=self.reduction)

    def source_step_features(self, source, target):
        """G's features of the source batch for Step 1: from the source alone, or from one
        forward of source and target together (``step1_bn='joint'``)."""
        if self.step1_bn == 'joint':
            feats_s, _ = self.split_pair(self.extract_joint(source['inputs'], target['inputs']),
                                         len(source['inputs']))
            return feats_s
        return self.task.extract(source['inputs'])

    def generator_regulariser(self, logits_t):
        """Eq. 5's entropy terms on target logits, with explicit weights (0 by default, see the
        module docstring):  cond_entropy_weight H(p) - marginal_entropy_weight H(mean p)."""
        if not (self.cond_entropy_weight or self.marginal_entropy_weight):
            return 0.0
        return (self.cond_entropy_weight * entropy(logits_t)
                - self.marginal_entropy_weight * marginal_entropy(logits_t))

    def train_step(self, data, optim_wrapper):
        source, target = self.preprocess_pair(data)
        task = self.task

        # Step 1: G and C classify the source (Eq. 2).
        feats_s = self.source_step_features(source, target)
        loss_source, log_vars = self.task_loss(task.classify(feats_s), source['data_samples'],
                                               'loss_source')
        self.update(optim_wrapper, loss_source, ('generator', 'head'))
        if self.clean_head is not None:
            clean_logits = self.clean_head(self.detach_features(feats_s))
            loss_clean, clean_log_vars = self.task_loss(clean_logits, source['data_samples'],
                                                        'loss_clean')
            self.update(optim_wrapper, loss_clean, ('clean_head',))
            log_vars.update(clean_log_vars)

        # Step 2: with G fixed, C keeps the source right and maximises sensitivity (Eq. 3).
        with torch.no_grad():
            feats_s, feats_t = self.extract_pair(source['inputs'], target['inputs'])
        loss_critic_source, _ = task.task_loss(task.classify(feats_s), source['data_samples'])
        sensitivity_critic = self.target_sensitivity(feats_t)
        if self.log_source_sensitivity:
            log_vars['sensitivity_source'] = self.logged_sensitivity(feats_s)
        self.update(optim_wrapper,
                    loss_critic_source - self.sensitivity_weight * sensitivity_critic, ('head',))

        # Step 3: with C fixed, G minimises the target sensitivity, n times (Eq. 5); the
        # entropy terms reuse the first of C's samples.
        for _ in range(self.generator_steps):
            logits_t = task.classify_samples(task.extract(target['inputs']),
                                             self.num_target_samples)
            sensitivity = self.sensitivity(logits_t)
            self.update(optim_wrapper,
                        self.sensitivity_weight * sensitivity
                        + self.generator_regulariser(logits_t[0]), ('generator',))

        return self.log(dict(log_vars, loss_critic_source=loss_critic_source,
                             sensitivity_critic=sensitivity_critic,
                             sensitivity_generator=sensitivity))

    def classify_with_clean(self, feats) -> torch.Tensor:
        """C's and C''s logits of the same features, concatenated on dim 1 (2K channels)."""
        return torch.cat([self.task.classify(feats), self.clean_head(feats)], dim=1)

    def prediction_modules(self) -> tuple:
        """The task's, and C' when it exists (its prediction is reported beside C's)."""
        return ('task',) if self.clean_head is None else ('task', 'clean_head')

    def predict(self, inputs, data_samples):
        """C's prediction, and C''s as ``*_clean`` fields when the clean classifier exists
        (both from one pass of G per image or window: the task's inference of
        :meth:`classify_with_clean`)."""
        if self.clean_head is None:
            return super().predict(inputs, data_samples)
        return self.predict_classifiers(inputs, data_samples, self.classify_with_clean,
                                        ('', '_clean'))


@MODELS.register_module()
class ENT(ADR):
    """The entropy baseline of ADR's appendix A: ADR with d(p1, p2) replaced by the target entropy

        L_adv(Xt) = E_xt H[p(y | xt)],  H = -sum_k p_k log p_k              (Eq. 10, 11)

    C maximises it (Step 2, targets pushed to its boundary), G minimises it (Step 3).
    No dropout needed.
    """

    requires = dict(class_logits='its critic is the entropy of class posteriors, Eq. 10')
    num_target_samples = 1  # one pass of C: the entropy needs no second sample

    def sensitivity(self, target_logits):
        """L_adv(Xt) = E_xt H[p(y | xt)] (Eq. 10) of the one sample ``target_logits``, reduced
        over classes as ``reduction`` says."""
        (logits,) = target_logits
        return entropy(logits, reduction=self.reduction)
