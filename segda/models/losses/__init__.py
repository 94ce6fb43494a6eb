"""Losses of the adaptation methods: pure functions plus thin ``nn.Module`` wrappers
(registered in ``segda.registry.MODELS``).

Losses on class posteriors take logits with the classes on dim 1, reduce over them and
average over everything else, so each serves ``N x K`` and ``N x K x H x W`` alike.
Supervised losses skip labels equal to ``ignore_index`` (255).
"""
from .binomial_deviance import BinomialDevianceLoss, binomial_deviance
from .cross_entropy import CrossEntropyLoss, cross_entropy, log_posteriors, nll_loss
from .discrepancy import L1Discrepancy, SymmetricKL, l1_discrepancy, symmetric_kl
from .domain_confusion import discriminator_confusion_loss, discriminator_loss
from .entropy import Entropy, MarginalEntropy, entropy, entropy_from_log_probs, marginal_entropy
from .gradient_reversal import GradientReversal, grad_reverse
from .reduction import CLASS_REDUCTIONS, reduce_over_classes
from .semi_supervised_gan import (
                                  class_balance_loss,
                                  critic_loss,
                                  dropout_sensitivity,
                                  feature_matching_loss,
                                  generator_loss,
)
from .symnets import (
                      SymNetsLoss,
                      category_confusion_loss,
                      domain_confusion_loss,
                      domain_discrimination_loss,
                      domain_log_probs,
                      half_log_posteriors,
                      source_classification_loss,
                      source_domain_confusion_loss,
                      source_task_loss,
                      split_logits,
                      target_entropy_loss,
                      target_task_loss,
)

__all__ = [
    'CLASS_REDUCTIONS', 'reduce_over_classes',
    'BinomialDevianceLoss', 'CrossEntropyLoss', 'Entropy', 'GradientReversal', 'L1Discrepancy',
    'MarginalEntropy', 'SymNetsLoss', 'SymmetricKL', 'binomial_deviance',
    'category_confusion_loss', 'cross_entropy', 'discriminator_confusion_loss',
    'discriminator_loss', 'domain_confusion_loss',
    'domain_discrimination_loss', 'domain_log_probs', 'entropy', 'entropy_from_log_probs',
    'grad_reverse', 'half_log_posteriors', 'l1_discrepancy', 'log_posteriors',
    'marginal_entropy', 'nll_loss', 'source_classification_loss',
    'source_domain_confusion_loss', 'source_task_loss', 'split_logits', 'symmetric_kl',
    'target_entropy_loss', 'target_task_loss',
    'class_balance_loss', 'critic_loss', 'dropout_sensitivity', 'feature_matching_loss',
    'generator_loss'
]
