"""Domain-adversarial training (Ganin et al., ICML 2015 / JMLR 2016, Sec. 4 and 5).

A domain discriminator D learns to tell source features (label 0) from target features
(label 1) with the logistic loss; between G and D sits the gradient reversal layer
(identity forward, ``-lambda_p * grad`` backward), so one backward pass makes D minimise
the domain loss while G maximises it:

    E(G, C, D) = L_task(C(G(xs)), ys)
                 + (1/n) sum_i L_d(D(R(G(xs_i))), 0) + (1/n') sum_j L_d(D(R(G(xt_j))), 1)
    lambda_p   = 2 / (1 + exp(-10 p)) - 1,   p = iter / max_iters     (JMLR Sec. 5.2.2)

the domain loss being the sum of the per-domain means (JMLR Eq. 9-10), so ``max_lambda``
is the paper's lambda. Written with the domain label d_i of each sample (Algorithm 1's
domain-regressor loss), the source stream's n samples and the target stream's n' samples:

    L_dom = (1/n) sum_{i=1}^{n} L_d(D(R(G(x_i))), d_i) + (1/n') sum_{j=1}^{n'} L_d(D(R(G(x_j))), 1)

where d_i = 0 unless the sample's data sample carries its own ``domain_label``
(``segda.structures.domain_labels``): the labelled target images that a semi-supervised run
puts in the source stream for the label predictor (JMLR Sec. 5.2.4, Fig. 7) are marked
``domain_label=1`` on their dataset to be seen as target by D; they keep their weight 1/n
in the source stream's mean. Without any such mark d_i = 0 for every source sample and the
loss is the one above. ``gamma=None`` holds lambda_p = ``max_lambda`` fixed (the shallow
experiments of JMLR Sec. 5.1).

D itself trains with unscaled gradients. For segmentation D is per pixel
(``PixelDiscriminator`` on the feature map the task exposes); for vectors an
``MLPDiscriminator``.
"""
import torch
import torch.nn.functional as F

from segda.engine.schedules import adaptation_weight
from segda.models.losses import grad_reverse
from segda.registry import MODELS
from segda.structures import SOURCE_DOMAIN, domain_labels

from .base import UDAMethod


@MODELS.register_module()
class DANN(UDAMethod):
    """DANN around any task model.

    Args:
        task: the task model config.
        discriminator: the domain discriminator config; ``in_channels`` is filled in from
            the task's domain features when absent.
        gamma: the slope of the lambda_p ramp; ``None`` for a fixed lambda_p = max_lambda.
        max_lambda: lambda_p is scaled by this (the paper's lambda: 1 for its deep networks).
        domain_bn: ``'joint'`` (default: one forward of both domains) or ``'separate'``.
    """

    def __init__(self, task, discriminator, gamma=10.0, max_lambda=1.0, data_preprocessor=None,
                 domain_bn=None, init_cfg=None):
        super().__init__(task, data_preprocessor=data_preprocessor, domain_bn=domain_bn,
                         init_cfg=init_cfg)
        discriminator = dict(discriminator)
        discriminator.setdefault('in_channels', self.task.domain_channels)
        self.discriminator = MODELS.build(discriminator)
        self.gamma = gamma
        self.max_lambda = max_lambda

    def extra_parts(self):
        return dict(discriminator=self.discriminator)

    def domain_loss(self, feats_s, feats_t, lambd, domains_s=None):
        """Logistic loss of D on reversed features, one D forward: the mean over the source
        stream's positions of the loss against each sample's d_i (``domains_s``, an ``N``
        tensor of 0/1; ``None``: 0 for every sample) plus the mean over the target stream's
        positions against 1 (Eq. 9-10), so both streams weigh the same whatever their
        sizes. Every position of a sample (every pixel of a per-pixel D) has its d_i."""
        domain_s = self.task.domain_features(feats_s)
        domain_t = self.task.domain_features(feats_t)
        logits = self.discriminator(grad_reverse(torch.cat([domain_s, domain_t]), lambd))
        logits_s, logits_t = logits[:len(domain_s)], logits[len(domain_s):]
        if domains_s is None:
            targets_s = torch.zeros_like(logits_s)
        else:
            per_sample = domains_s.to(logits_s).view(-1, *[1] * (logits_s.dim() - 1))
            targets_s = per_sample.expand_as(logits_s)
        return (F.binary_cross_entropy_with_logits(logits_s, targets_s)
                + F.binary_cross_entropy_with_logits(logits_t, torch.ones_like(logits_t)))

    def train_step(self, data, optim_wrapper):
        source, target = self.preprocess_pair(data)
        lambd = self.max_lambda * (1.0 if self.gamma is None
                                   else adaptation_weight(self.progress(), self.gamma))

        feats_s, feats_t = self.extract_pair(source['inputs'], target['inputs'])
        loss_task, log_vars = self.task_loss(self.task.classify(feats_s), source['data_samples'])
        domains_s = domain_labels(source['data_samples'], SOURCE_DOMAIN)
        loss_domain = self.domain_loss(feats_s, feats_t, lambd, domains_s)
        self.update(optim_wrapper, loss_task + loss_domain, ('generator', 'head', 'discriminator'))
        return self.log(dict(log_vars, loss_domain=loss_domain, lambda_p=lambd))
