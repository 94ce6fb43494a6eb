"""The schedules of the domain-adaptation papers, driven by training progress p in [0, 1].

DANN (Ganin et al., JMLR 2016, Sec. 5.2.2), used again by SymNets:

    learning rate     mu_p     = mu_0 / (1 + alpha p)^beta,   alpha = 10, beta = 0.75
    adaptation weight lambda_p = 2 / (1 + exp(-gamma p)) - 1,   gamma = 10
"""
import math

from mmengine.optim.scheduler.lr_scheduler import LRSchedulerMixin
from mmengine.optim.scheduler.param_scheduler import INF, _ParamScheduler

from segda.registry import PARAM_SCHEDULERS


def annealed_lr_factor(progress: float, alpha: float = 10.0, beta: float = 0.75) -> float:
    """``mu_p / mu_0 = (1 + alpha p)^-beta``."""
    return (1.0 + alpha * progress) ** -beta


def adaptation_weight(progress: float, gamma: float = 10.0) -> float:
    """``lambda_p = 2 / (1 + exp(-gamma p)) - 1``: 0 at p = 0, rising towards 1."""
    return 2.0 / (1.0 + math.exp(-gamma * progress)) - 1.0


@PARAM_SCHEDULERS.register_module()
class InvLR(LRSchedulerMixin, _ParamScheduler):
    """Learning rate ``mu_p = mu_0 / (1 + alpha p)^beta`` with
    ``p = (step - begin) / (end - begin)``.

    Closed form (not chained), so it is exact after a resume. Set ``end`` to the number of
    training iterations (``by_epoch=False``).
    """

    def __init__(self, optimizer, alpha: float = 10.0, beta: float = 0.75, begin: int = 0,
                 end: int = INF, last_step: int = -1, by_epoch: bool = False,
                 verbose: bool = False):
        if end == INF:
            raise ValueError('InvLR needs a finite `end` (the number of training iterations) '
                             'to compute the progress p = iter / end.')
        self.alpha = alpha
        self.beta = beta
        super().__init__(optimizer, begin=begin, end=end, last_step=last_step,
                         by_epoch=by_epoch, verbose=verbose)

    def _get_value(self):
        progress = min(max(self.last_step - self.begin, 0) / (self.end - self.begin), 1.0)
        factor = annealed_lr_factor(progress, self.alpha, self.beta)
        return [base * factor for base in self.base_values]
