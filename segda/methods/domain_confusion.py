"""The domain-confusion baseline of SymNets (Zhang et al., CVPR 2019, Sec. 3, Eq. 1-4; Table 4
"Domain Confusion"), after Tzeng et al. (ICCV 2015).

G is the task's generator, C its head, and a domain discriminator D sits in parallel with C
on top of G (on ``task.domain_features``); D(G(x)) is D's probability that x is a target
sample (``segda/models/losses/domain_confusion.py``):

    Eq. 1  E_task   = (1/n_s) sum_i L_s(C(G(x^s_i)), y^s_i)          the task's loss
    Eq. 2  E_domain = -(1/n_s) sum_i log(1 - D(G(x^s_i))) - (1/n_t) sum_j log D(G(x^t_j))
    Eq. 3  F_domain = 1/2 E_domain - (1/2n_s) sum_i log D(G(x^s_i))
                                   - (1/2n_t) sum_j log(1 - D(G(x^t_j)))
    Eq. 4  min_{G,C} E_task + lambda F_domain,      min_D E_domain

One forward per iteration; C minimises E_task, G minimises E_task + lambda_p F_domain and D
minimises E_domain, each loss backpropagated into its own part only (``update_each``).
lambda_p = 2 / (1 + exp(-gamma p)) - 1, SymNets' schedule for every trade-off (Sec. 4.1).

"Domain Confusion (Adding Em)" of Table 4 optimises "the entropy minimization loss of target
samples over their feature extractors" too (Sec. 4.3): ``entropy_weight`` w > 0 adds
M = the mean entropy of C's target posteriors to G's objective, which becomes
E_task + lambda_p (F_domain + w M), weighted as SymNets weighs its M^st in Eq. 11 (the
paper does not say how the baseline weighs it: SegDA's reading).
"""
from segda.engine.schedules import adaptation_weight
from segda.models.losses import discriminator_confusion_loss, discriminator_loss, entropy
from segda.registry import MODELS

from .base import UDAMethod


@MODELS.register_module()
class DomainConfusion(UDAMethod):
    """Domain confusion (Eq. 1-4) around any task model.

    Args:
        task: the task model config.
        discriminator: the domain discriminator config; ``in_channels`` is filled in from
            the task's domain features when absent.
        gamma: the slope of the lambda_p ramp.
        entropy_weight: w on the target entropy M ("Adding Em"; 0, the default, is Eq. 4).
        domain_bn: ``'joint'`` (default: one forward of both domains) or ``'separate'``.

    Parts: ``generator``, ``head``, ``discriminator``.
    """

    def __init__(self, task, discriminator, gamma=10.0, entropy_weight=0.0,
                 data_preprocessor=None, domain_bn=None, init_cfg=None):
        super().__init__(task, data_preprocessor=data_preprocessor, domain_bn=domain_bn,
                         init_cfg=init_cfg)
        if entropy_weight:
            self.check_requires(dict(class_logits='entropy_weight > 0: M is the entropy of '
                                                  "C's class posteriors on the target"))
        discriminator = dict(discriminator)
        discriminator.setdefault('in_channels', self.task.domain_channels)
        self.discriminator = MODELS.build(discriminator)
        self.gamma = gamma
        self.entropy_weight = entropy_weight

    def extra_parts(self):
        return dict(discriminator=self.discriminator)

    def train_step(self, data, optim_wrapper):
        source, target = self.preprocess_pair(data)
        feats_s, feats_t = self.extract_pair(source['inputs'], target['inputs'])
        loss_task, log_vars = self.task_loss(self.task.classify(feats_s),         # Eq. 1
                                             source['data_samples'])
        domain_s, domain_t = (self.discriminator(self.task.domain_features(feats))
                              for feats in (feats_s, feats_t))
        terms = dict(loss_domain=discriminator_loss(domain_s, domain_t),              # Eq. 2
                     domain_confusion=discriminator_confusion_loss(domain_s, domain_t),  # Eq. 3
                     lambda_p=adaptation_weight(self.progress(), self.gamma))
        adaptation = terms['domain_confusion']
        if self.entropy_weight:
            terms['target_entropy'] = entropy(self.task.classify(feats_t))
            adaptation = adaptation + self.entropy_weight * terms['target_entropy']
        # Eq. 4: min_C E_task, min_G E_task + lambda F_domain (+ w M), min_D E_domain.
        self.update_each(optim_wrapper, head=loss_task,
                         generator=loss_task + terms['lambda_p'] * adaptation,
                         discriminator=terms['loss_domain'])
        return self.log(dict(log_vars, **terms))
