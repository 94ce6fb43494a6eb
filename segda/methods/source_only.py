"""Source only: the task trained on labelled source data, no adaptation (the lower bound)."""
from segda.registry import MODELS
from segda.structures import is_domain_pair

from .base import UDAMethod


@MODELS.register_module()
class SourceOnly(UDAMethod):
    """Minimise the task loss (e.g. cross entropy) over G and C.

    ``optim_wrapper`` may be one optimiser for the whole model or one per part; either way
    the step goes through :meth:`UDAMethod.update` (gradient averaging across ranks, loss
    scaling) like every other method's.

    The train data is a plain labelled dataset. A domain-pair batch is accepted too and
    only its ``source`` half is used (it is selected before preprocessing, so the target
    never reaches the device); the same dataloader can then serve comparisons.
    """

    def train_step(self, data: dict, optim_wrapper) -> dict:
        """The task loss on the (source) batch, one :meth:`update` of all parts; logs
        ``loss_task`` (and its terms, :meth:`UDAMethod.task_loss`)."""
        if is_domain_pair(data):
            data = data['source']
        data = self.data_preprocessor(data, True)
        loss, log_vars = self.task_loss(self.task(data['inputs']), data['data_samples'])
        self.update(optim_wrapper, loss, tuple(self.parts()))
        return self.log(log_vars)
