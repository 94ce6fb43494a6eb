"""Domain-Symmetric Networks (Zhang et al., CVPR 2019, Sec. 3).

The head outputs 2K logits ``[v_s; v_t]``: a source classifier Cs, a target classifier Ct,
and Cst, the softmax over all 2K. With one forward of source and target:

    min_{Cs,Ct,Cst}  E^s_task (Eq. 5) + E^t_task (Eq. 6) + E^st_domain (Eq. 7)
    min_G            F^st_category (Eq. 8) + lambda_p (F^st_domain (Eq. 9) + w M^st (Eq. 10))  (Eq. 11)

with lambda_p = 2 / (1 + exp(-10 p)) - 1 and w = ``entropy_weight`` (1 in the paper; 0 is
the ablation without the target entropy). For segmentation every pixel is a sample.
Predictions come from Ct (``eval_classifier='target'``, default) or Cs (``'source'``).
"""
from segda.engine.schedules import adaptation_weight
from segda.models.losses import (category_confusion_loss, domain_confusion_loss,
                                 domain_discrimination_loss, source_task_loss,
                                 target_entropy_loss, target_task_loss)
from segda.registry import MODELS

from .base import UDAMethod

EVAL_CLASSIFIERS = ('target', 'source')


@MODELS.register_module()
class SymNets(UDAMethod):
    """SymNets around any task model whose head outputs 2K logits.

    Args:
        task: the task model config; its head (and ``num_classes``) must have 2K outputs.
        num_classes: K, the number of categories.
        eval_classifier: ``'target'`` (Ct, default) or ``'source'`` (Cs) for predictions.
        gamma: slope of the lambda_p ramp.
        entropy_weight: w on Eq. 10 (1, the paper's Eq. 11; 0 drops the target entropy).
        ignore_index: label value without supervision.
    """

    def __init__(self, task, num_classes, eval_classifier='target', gamma=10.0,
                 entropy_weight=1.0, ignore_index=255, data_preprocessor=None, init_cfg=None):
        super().__init__(task, data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        outputs = getattr(self.task.head, 'num_classes', None)
        if outputs != 2 * num_classes:
            raise ValueError(
                f'SymNets needs a head with 2K = {2 * num_classes} outputs [v_s; v_t] for '
                f'K = {num_classes} categories, got {outputs}: set num_classes={2 * num_classes} '
                'in the task (and its head) config.')
        if eval_classifier not in EVAL_CLASSIFIERS:
            raise ValueError(f'eval_classifier must be one of {EVAL_CLASSIFIERS}, '
                             f'got {eval_classifier!r}')
        self.num_classes = num_classes
        self.eval_classifier = eval_classifier
        self.gamma = gamma
        self.entropy_weight = entropy_weight
        self.ignore_index = ignore_index

    def train_step(self, data, optim_wrapper):
        source, target = self.preprocess_pair(data)
        feats_s, feats_t = self.extract_pair(source['inputs'], target['inputs'])
        logits_s, logits_t = self.task.classify(feats_s), self.task.classify(feats_t)
        labels_s = self.task.labels(source['data_samples'], logits_s)
        ignore = self.ignore_index

        # Eq. 5-7: the classifiers learn the task from both halves and tell the domains apart.
        source_task = source_task_loss(logits_s, labels_s, ignore)
        target_task = target_task_loss(logits_s, labels_s, ignore)
        domain_discrimination = domain_discrimination_loss(logits_s, logits_t)
        # Eq. 8-10: G confuses the two halves, per category on source and per domain on target.
        lambd = adaptation_weight(self.progress(), self.gamma)
        category_confusion = category_confusion_loss(logits_s, labels_s, ignore)
        domain_confusion = domain_confusion_loss(logits_t)
        target_entropy = target_entropy_loss(logits_t)

        self.update_each(
            optim_wrapper,
            head=source_task + target_task + domain_discrimination,
            generator=category_confusion
            + lambd * (domain_confusion + self.entropy_weight * target_entropy))
        return self.log(dict(source_task=source_task, target_task=target_task,
                             domain_discrimination=domain_discrimination,
                             category_confusion=category_confusion,
                             domain_confusion=domain_confusion, target_entropy=target_entropy))

    def predict(self, inputs, data_samples):
        """Predictions of Ct (``v_t``) or Cs (``v_s``), as configured."""
        logits = self.task.classify(self.task.extract(inputs))
        v_s, v_t = logits.split(self.num_classes, dim=1)
        return self.task.postprocess(v_t if self.eval_classifier == 'target' else v_s,
                                     data_samples)
