"""ADR's semi-supervised GAN (Saito et al., ICLR 2018, Sec. 4.3, Eq. 6-9; appendix E).

The task model is the critic C, a K-class classifier with dropout (Salimans et al. 2016's,
``segda/models/gan/``): its parts ``generator`` (the convolutional features) and ``head`` (the
dense layer to the logits) together are C. The method adds the image generator G
(``image_generator``: noise -> image). The train data is a pair whose ``source`` half is
the labelled subset X_L (with labels) and whose ``target`` half is the unlabelled set X_u
(``DomainPairDataset``; ``LabelledSubsetDataset`` draws the N labels per class). Each
iteration updates C once, then G once ("we update C and G same number of times"):

    C step   min_C  L(X_L, Y_L) + L_adv(X_u) - L_adv(X_g) + w_b (-H(p_bar_u))    (Eq. 6)
    G step   min_G  L_adv(X_g) + w_f || E f(x_g) - E f(x_u) ||^2                (Eq. 9)

L_adv (Eq. 7-8) is the symmetric KL between two dropout samples of the WHOLE critic (its
dropout is on the input and inside the convolutions, so each sample is a full pass of C);
f is the critic's pooled features (``task.extract``), the layer under the dense one, as in
Salimans et al.'s feature matching. Eq. 6's fourth term is read as the class balance
-H(p_bar) of the unlabelled predictions (``segda/models/losses/semi_supervised_gan.py``
says why). Signs: C minimises the sensitivity of real unlabelled images (away from its
boundary) and maximises that of generated images; G minimises its samples' sensitivity.

BatchNorm: the labelled, unlabelled and generated batches pass through C separately, so each
is normalised with its own batch statistics (real and fake images are never mixed in one
batch). In the G step the unlabelled features f(x_u) are a target, without gradient.

Evaluation is C's (the task's) prediction without dropout. ``clean_layer`` (ADR appendix E,
CIFAR-10): a classifier ``clean_head`` on the critic's map after that layer (``'conv6'``),
trained on the labelled images with the map detached, so it takes no part in the
adversarial training; it is evaluated alongside C (``pred_label_clean``).
"""
from typing import Optional

import torch
from torch import nn

from segda.models.losses import (
    CLASS_REDUCTIONS,
    class_balance_loss,
    critic_loss,
    dropout_sensitivity,
    feature_matching_loss,
    generator_loss,
)
from segda.models.tasks.base import build_part
from segda.registry import MODELS
from segda.utils import check_choice

from .base import UDAMethod


@MODELS.register_module()
class ADRSemiSupervisedGAN(UDAMethod):
    """ADR's semi-supervised GAN (module docstring).

    Args:
        task: the critic C as a ``Classifier`` (backbone with dropout, e.g.
            ``SalimansCritic``; head to the K logits).
        image_generator: config of G (e.g. ``dict(type='SalimansGenerator')``): a module with
            ``sample_noise(num, device)`` returning images in the range the data
            preprocessor gives real images ([-1, 1]).
        class_balance_weight: w_b on Eq. 6's fourth term (1 as printed).
        feature_matching_weight: w_f on Eq. 9's second term (1 as printed).
        reduction: the scale of d: ``'sum'`` over classes (Eq. 1 as printed) or ``'mean'``
            (d / K, the scale of ADR's official code for its adaptation experiments).
        clean_layer: None, or the critic backbone's layer (``forward_until``) under the
            clean classifier of appendix E (``'conv6'``).
        clean_head: config of that classifier, given ``in_channels`` = the critic's width and
            ``num_classes``; default a global average pool and one linear layer.
        data_preprocessor, domain_bn, init_cfg: see :class:`UDAMethod`.
    """

    requires = dict(class_logits="its critic is a K-class classifier (Eq. 6's L(X_L, Y_L) "
                                 'and the symmetric KL of class posteriors, Eq. 7-8)')

    def __init__(self, task, image_generator, class_balance_weight: float = 1.0,
                 feature_matching_weight: float = 1.0, reduction: str = 'sum',
                 clean_layer: Optional[str] = None, clean_head: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None, domain_bn: Optional[str] = None,
                 init_cfg: Optional[dict] = None):
        super().__init__(task, data_preprocessor=data_preprocessor, domain_bn=domain_bn,
                         init_cfg=init_cfg)
        check_choice(f'{type(self).__name__}: reduction', reduction, CLASS_REDUCTIONS)
        if not any(isinstance(m, nn.modules.dropout._DropoutNd) and m.p > 0
                   for m in self.task.modules()):
            raise ValueError(f'{type(self).__name__} needs dropout in the critic (L_adv, Eq. '
                             '7-8, compares two dropout samples; without dropout it is 0): '
                             'give the backbone or the head a dropout probability > 0.')
        self.image_generator = build_part(image_generator)
        self.class_balance_weight = class_balance_weight
        self.feature_matching_weight = feature_matching_weight
        self.reduction = reduction
        self.clean_layer = clean_layer
        self.clean_head = self._build_clean_head(clean_layer, clean_head)

    def _build_clean_head(self, clean_layer, clean_head):
        if clean_layer is None:
            return None
        if not hasattr(self.task.generator, 'forward_until'):
            raise ValueError(f'{type(self).__name__}: clean_layer needs a critic backbone with '
                             f'forward_until (e.g. SalimansCritic), got '
                             f'{type(self.task.generator).__name__}.')
        if clean_head is None:
            return nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                 nn.Linear(self.task.generator.out_channels,
                                           self.task.num_classes))
        return build_part(clean_head, in_channels=self.task.generator.out_channels,
                          num_classes=self.task.num_classes)

    def extra_parts(self):
        parts = dict(image_generator=self.image_generator)
        if self.clean_head is not None:
            parts['clean_head'] = self.clean_head
        return parts

    def critic_samples(self, images: torch.Tensor):
        """Two dropout samples of the whole critic on ``images``: ``(features, logits)``,
        each a pair (C1, C2); the features are f(x) of Eq. 9."""
        feats = [self.task.extract(images) for _ in range(2)]
        return feats, [self.task.classify(f) for f in feats]

    def sample_images(self, num: int, device) -> torch.Tensor:
        """``num`` images x_g = G(z) from fresh noise."""
        return self.image_generator(self.image_generator.sample_noise(num, device))

    def train_step(self, data, optim_wrapper):
        labelled, unlabelled = self.preprocess_pair(data)
        x_u = unlabelled['inputs']

        # C step (Eq. 6): G's samples are fixed.
        loss_labelled, log_vars = self.task_loss(self.task(labelled['inputs']),
                                                 labelled['data_samples'], 'loss_labelled')
        with torch.no_grad():
            x_g = self.sample_images(len(x_u), x_u.device)
        _, logits_u = self.critic_samples(x_u)
        _, logits_g = self.critic_samples(x_g)
        sensitivity_u = dropout_sensitivity(*logits_u, reduction=self.reduction)
        sensitivity_g = dropout_sensitivity(*logits_g, reduction=self.reduction)
        balance = class_balance_loss(logits_u[0])
        self.update(optim_wrapper,
                    critic_loss(loss_labelled, sensitivity_u, sensitivity_g, balance,
                                self.class_balance_weight), ('generator', 'head'))
        if self.clean_head is not None:
            log_vars.update(self.clean_step(optim_wrapper, labelled))

        # G step (Eq. 9): C is fixed, f(x_u) is a target.
        feats_g, logits_g = self.critic_samples(self.sample_images(len(x_u), x_u.device))
        with torch.no_grad():
            feats_u = self.task.extract(x_u)
        sensitivity_g_generator = dropout_sensitivity(*logits_g, reduction=self.reduction)
        self.update(optim_wrapper,
                    generator_loss(sensitivity_g_generator, feats_g[0], feats_u,
                                   self.feature_matching_weight), ('image_generator',))

        return self.log(dict(
            log_vars, sensitivity_unlabelled=sensitivity_u, sensitivity_generated=sensitivity_g,
            class_balance=balance, sensitivity_generator=sensitivity_g_generator,
            feature_matching=feature_matching_loss(feats_g[0].detach(), feats_u)))

    def clean_step(self, optim_wrapper, labelled) -> dict:
        """Appendix E's classifier: cross entropy on the labelled images from the critic's
        detached map after ``clean_layer``; updates ``clean_head`` only."""
        with torch.no_grad():
            maps = self.task.generator.forward_until(labelled['inputs'], self.clean_layer)
        loss_clean, log_vars = self.task_loss(self.clean_head(maps), labelled['data_samples'],
                                              'loss_clean')
        self.update(optim_wrapper, loss_clean, ('clean_head',))
        return log_vars

    def predict(self, inputs, data_samples):
        """C's predictions; with ``clean_layer``, the clean classifier's as ``*_clean``."""
        outputs = super().predict(inputs, data_samples)
        if self.clean_head is None:
            return outputs
        clean_logits = self.clean_head(self.task.generator.forward_until(inputs,
                                                                         self.clean_layer))
        for output, clean in zip(outputs, self.task.postprocess(clean_logits, data_samples)):
            output.update({f'{key}_clean': value for key, value in clean.items()
                           if key.startswith('pred_')})
        return outputs
