"""Domain-Symmetric Networks (Zhang et al., CVPR 2019, Sec. 3 and 4.1).

G is the feature extractor; on top of it sit two classifier layers, Cs (the task's own
final classifier layer) and Ct (a second, independently initialised copy of it), whose
outputs stacked ``[v_s; v_t]`` (2K logits) form Cst, the softmax over all 2K. SymNets
splits at the classifier layer only (the narrow split, ``TaskModel.narrow_split``):
everything below Cs/Ct is G, the FCN's fc6/fc7 or an MLP head's hidden layers included,
and is trained by the confusion losses:

    min_{Cs,Ct}  E^s_task (Eq. 5) + E^t_task (Eq. 6) + E^st_domain (Eq. 7)
    min_G        F^st_category (Eq. 8) + lambda_p (F^st_domain (Eq. 9) + w M^st (Eq. 10))  (Eq. 11)

with lambda_p = 2 / (1 + exp(-10 p)) - 1 and w = ``entropy_weight``. For segmentation every
pixel is a sample. Predictions come from Ct (``eval_classifier='target'``, default) or Cs
(``'source'``); the other classifier is scored in the same pass (Fig. 4: Cs and Ct of one
run), as ``pred_label_source`` / ``pred_seg_source`` (or ``*_target``).

The ablations of Table 4 (Sec. 4.3) are switches; the defaults are Eq. 11:

    SymNets (w/o E^t_task)            target_task=False: Eq. 6 leaves the classifiers'
                                      objective (the paper then reads Cs: eval_classifier='source')
    SymNets (w/o M^st)                entropy_weight=0: Eq. 10 leaves G's objective
    SymNets (w/o category confusion)  confusion='domain_level': Eq. 8 -> Eq. 12
    SymNets (w/o confusion)           confusion='none': Eq. 8 -> Eq. 13, Eq. 9 dropped

"Domain Confusion", the baseline of Eq. 1-4, is its own method (``domain_confusion.py``).

Training conditions of the paper (Sec. 4.1) and the official code: the source and the
target batch go through G and the classifiers in separate forwards, so each domain is
normalised by its own BatchNorm batch statistics (``domain_bn='separate'``, the default
here; ``'joint'`` forwards them as one batch), and Cs/Ct learn at 10x G's learning rate
(the ``head`` optimiser in the configs).
"""
import copy

import torch
from torch import nn

from segda.engine.schedules import adaptation_weight
from segda.models.losses import (
    category_confusion_loss,
    domain_confusion_loss,
    domain_discrimination_loss,
    source_classification_loss,
    source_domain_confusion_loss,
    source_task_loss,
    target_entropy_loss,
    target_task_loss,
)
from segda.registry import MODELS
from segda.utils import check_choice

from .base import UDAMethod

EVAL_CLASSIFIERS = ('target', 'source')
CONFUSIONS = ('two_level', 'domain_level', 'none')
# G's term on the source batch under each ``confusion`` (Eq. 8, 12, 13).
SOURCE_CONFUSIONS = dict(two_level='category_confusion', domain_level='source_domain_confusion',
                         none='source_classification')
# The classifiers' terms (Eq. 5-7); Eq. 6 only with ``target_task``.
CLASSIFIER_TERMS = ('source_task', 'target_task', 'domain_discrimination')


def fresh_copy(module: nn.Module) -> nn.Module:
    """A copy of ``module`` with newly initialised parameters (its ``init_weights`` when it
    has one, else every submodule's ``reset_parameters``)."""
    module = copy.deepcopy(module)
    if hasattr(module, 'init_weights'):
        module.init_weights()
    else:
        for layer in module.modules():
            if hasattr(layer, 'reset_parameters'):
                layer.reset_parameters()
    return module


@MODELS.register_module()
class SymNets(UDAMethod):
    """SymNets around any task model whose head splits into hidden layers and a final
    classifier layer (``TaskModel.narrow_split``). The task keeps its K classes; Ct is
    added here.

    Args:
        task: the task model config (K = its ``num_classes``).
        eval_classifier: ``'target'`` (Ct, default) or ``'source'`` (Cs) for predictions;
            the other is reported alongside (``*_source`` / ``*_target`` fields).
        gamma: slope of the lambda_p ramp.
        entropy_weight: w on Eq. 10, M^st (1, the paper's Eq. 11; 0: Table 4 "w/o M^st").
        target_task: False drops Eq. 6, E^t_task, from the classifiers' objective (Table 4
            "w/o E^t_task"; Ct then learns from Eq. 7 alone).
        confusion: G's confusion terms: ``'two_level'`` (Eq. 8 on source + Eq. 9 on target,
            the paper's), ``'domain_level'`` (Eq. 12 on source + Eq. 9, Table 4 "w/o category
            confusion") or ``'none'`` (Eq. 13 on source, no Eq. 9, "w/o confusion").
        domain_bn: ``'separate'`` (default, the official code) or ``'joint'``
            (:meth:`UDAMethod.per_domain`).

    Parts: ``generator`` = the task's G and its head's hidden layers, ``head`` = Cs and Ct.
    """

    requires = dict(class_logits='Cs and Ct are class logits compared by Eq. 5-10',
                    narrow_split='Cs and Ct are the final classifier layer on G, Sec. 3')
    default_domain_bn = 'separate'

    def __init__(self, task, eval_classifier='target', gamma=10.0, entropy_weight=1.0,
                 target_task=True, confusion='two_level', data_preprocessor=None,
                 domain_bn=None, init_cfg=None):
        super().__init__(task, data_preprocessor=data_preprocessor, domain_bn=domain_bn,
                         init_cfg=init_cfg)
        check_choice('SymNets: eval_classifier', eval_classifier, EVAL_CLASSIFIERS)
        check_choice('SymNets: confusion', confusion, CONFUSIONS)
        _, source_classifier = self.task.narrow_split()
        self.target_classifier = fresh_copy(source_classifier)
        self.num_classes = self.task.num_classes
        self.eval_classifier = eval_classifier
        self.gamma = gamma
        self.entropy_weight = entropy_weight
        self.target_task = target_task
        self.confusion = confusion

    def parts(self):
        """``generator``: G and the head's hidden layers; ``head``: Cs and Ct."""
        hidden, source_classifier = self.task.narrow_split()
        return dict(generator=nn.ModuleList([self.task.generator, hidden]),
                    head=nn.ModuleList([source_classifier, self.target_classifier]))

    def classify_both(self, embedding) -> torch.Tensor:
        """``[v_s; v_t]``, Cs's and Ct's logits stacked on dim 1 (2K channels)."""
        _, source_classifier = self.task.narrow_split()
        return torch.cat([source_classifier(embedding), self.target_classifier(embedding)], 1)

    def pair_logits(self, source, target):
        """``[v_s; v_t]`` of the source and of the target batch (G, hidden layers, Cs and Ct),
        forwarded jointly or per domain as ``domain_bn`` says."""
        return self.per_domain(
            lambda inputs: self.classify_source_and_target(self.task.extract(inputs)),
            source['inputs'], target['inputs'])

    def objectives(self, source, target):
        """The two objectives of Eq. 11 (or of the ablation the switches name) on one
        preprocessed batch pair, and each term: ``(classifier objective, generator objective,
        terms)``; ``terms`` holds the terms in play, unweighted, and ``lambda_p``."""
        logits_s, logits_t = self.pair_logits(source, target)
        terms = self.loss_terms(logits_s, logits_t,
                                self.task.labels(source['data_samples'], logits_s))
        # Eq. 5-7: the classifiers learn the task from both halves, tell the domains apart.
        classifiers = sum(terms[name] for name in CLASSIFIER_TERMS if name in terms)
        # Eq. 8-10: G confuses the halves, per category on source, per domain on target.
        source_name, target_weights = self.generator_weights()
        adaptation = sum(weight * terms[name] for name, weight in target_weights.items())
        generator = terms[source_name] + terms['lambda_p'] * adaptation
        return classifiers, generator, terms

    def loss_terms(self, logits_s, logits_t, labels_s) -> dict:
        """Every term in play (Eq. 5-10, or those of the ablation the switches name) on the
        source and target logits ``[v_s; v_t]``, unweighted, and ``lambda_p``: what a training
        step logs and :meth:`objectives` weighs."""
        ignore = self.task.ignore_index
        terms = dict(source_task=source_task_loss(logits_s, labels_s, ignore))
        if self.target_task:
            terms['target_task'] = target_task_loss(logits_s, labels_s, ignore)
        terms['domain_discrimination'] = domain_discrimination_loss(logits_s, logits_t)
        name, source_term = self.source_confusion(logits_s, labels_s)
        terms[name] = source_term
        terms['target_entropy'] = target_entropy_loss(logits_t)
        if self.confusion != 'none':
            terms['domain_confusion'] = domain_confusion_loss(logits_t)
        terms['lambda_p'] = adaptation_weight(self.progress(), self.gamma)
        return terms

    def generator_weights(self):
        """G's objective as ``(source term, {target term: weight})``: G minimises the source
        term plus ``lambda_p`` times the weighted target terms (Eq. 11: Eq. 8 + lambda_p
        (Eq. 9 + w Eq. 10); the ablations change the names and weights)."""
        target = {} if self.confusion == 'none' else dict(domain_confusion=1.0)
        target['target_entropy'] = self.entropy_weight
        return SOURCE_CONFUSIONS[self.confusion], target

    def weighted_generator_terms(self, terms) -> dict:
        """G's terms as they enter its objective, each with its weight (``lambda_p`` and w
        included), by name: what an analysis of G's update compares."""
        source_name, target_weights = self.generator_weights()
        weighted = {source_name: terms[source_name]}
        weighted.update({name: terms['lambda_p'] * weight * terms[name]
                         for name, weight in target_weights.items()})
        return weighted

    def source_confusion(self, logits_s, labels_s):
        """G's term on the source batch, ``(name, value)``, as ``confusion`` says: Eq. 8
        (``category_confusion``), Eq. 12 (``source_domain_confusion``) or Eq. 13
        (``source_classification``)."""
        ignore = self.task.ignore_index
        name = SOURCE_CONFUSIONS[self.confusion]
        if self.confusion == 'two_level':
            return name, category_confusion_loss(logits_s, labels_s, ignore)
        if self.confusion == 'domain_level':
            return name, source_domain_confusion_loss(logits_s)
        return name, source_classification_loss(logits_s, labels_s, ignore)

    def train_step(self, data, optim_wrapper):
        source, target = self.preprocess_pair(data)
        classifiers, generator, terms = self.objectives(source, target)
        self.update_each(optim_wrapper, head=classifiers, generator=generator)
        return self.log(terms)

    def predict(self, inputs, data_samples):
        """The evaluated classifier's predictions, and the other's as ``*_source`` (Cs) or
        ``*_target`` (Ct) fields, from one pass of G per image or window (Fig. 4)."""
        suffixes = ('_source', '') if self.eval_classifier == 'target' else ('', '_target')
        return self.predict_classifiers(inputs, data_samples, self.classify_source_and_target,
                                        suffixes)

    def classify_source_and_target(self, feats) -> torch.Tensor:
        """``[v_s; v_t]`` of G's features (the head's hidden layers, then Cs and Ct)."""
        hidden, _ = self.task.narrow_split()
        return self.classify_both(hidden(feats))

    def prediction_classifier(self):
        """Ct (``v_t``) or Cs (``v_s``) on the head's hidden layers, as ``eval_classifier``
        says."""
        return self.classify_target if self.eval_classifier == 'target' else self.classify_source

    def prediction_modules(self) -> tuple:
        """G and the head's hidden layers (the task's), and Ct when it predicts."""
        return ('task', 'target_classifier') if self.eval_classifier == 'target' else ('task',)

    def classify_source(self, feats) -> torch.Tensor:
        """``v_s``: Cs's logits of G's features."""
        hidden, source_classifier = self.task.narrow_split()
        return source_classifier(hidden(feats))

    def classify_target(self, feats) -> torch.Tensor:
        """``v_t``: Ct's logits of G's features."""
        hidden, _ = self.task.narrow_split()
        return self.target_classifier(hidden(feats))
