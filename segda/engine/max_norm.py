"""The l2 max-norm constraint of dropout networks (Srivastava et al., JMLR 2014, Sec. 5.1),
as DANN trains its SVHN network (Ganin et al., JMLR 2016, Sec. 5.2.2: "we also use dropout
and l2-norm restriction"): after every training iteration, each unit's incoming weight
vector w (a row of a linear layer's weight, one filter of a convolution) is projected onto
the ball of radius c,

    w <- w * min(1, c / ||w||_2).
"""
import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from torch import nn

from segda.registry import HOOKS

CONSTRAINED_LAYERS = (nn.Linear, nn.modules.conv._ConvNd)


@HOOKS.register_module()
class MaxNormHook(Hook):
    """Project the weights of every linear and convolution layer of ``module`` (a dotted
    attribute path of the model, ``'task'`` = the task network G and C, not a method's own
    parts such as DANN's discriminator) after each training iteration; runs before the
    checkpoint hook, so saved weights satisfy the constraint.

    Args:
        max_norm: c, the largest l2 norm of a unit's incoming weights.
        module: which part of the model is constrained.
    """

    priority = 'NORMAL'

    def __init__(self, max_norm: float, module: str = 'task'):
        if not max_norm > 0:
            raise ValueError(f'MaxNormHook: max_norm must be positive, got {max_norm!r}')
        self.max_norm = float(max_norm)
        self.module = module
        self.weights = []

    def before_train(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        target = model
        for name in self.module.split('.'):
            if not hasattr(target, name):
                raise ValueError(f'MaxNormHook: the model ({type(model).__name__}) has no part '
                                 f'{self.module!r}; name one such as "task".')
            target = getattr(target, name)
        self.weights = [layer.weight for layer in target.modules()
                        if isinstance(layer, CONSTRAINED_LAYERS)]

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        with torch.no_grad():
            for weight in self.weights:
                weight.copy_(torch.renorm(weight, 2, 0, self.max_norm))
