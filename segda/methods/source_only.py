"""Source only: the task trained on labelled source data, no adaptation (the lower bound)."""
from segda.structures import is_domain_pair
from segda.registry import MODELS

from .base import UDAMethod


@MODELS.register_module()
class SourceOnly(UDAMethod):
    """Minimise the task loss (cross entropy) over G and C.

    ``optim_wrapper`` may be one optimiser for the whole model or one per part; either way
    the step goes through :meth:`UDAMethod.update` (gradient averaging across ranks, loss
    scaling) like every other method's.

    The train data is a plain labelled dataset. A domain-pair batch is accepted too and
    only its ``source`` half is used (it is selected before preprocessing, so the target
    never reaches the device); the same dataloader can then serve comparisons.
    """

    def train_step(self, data: dict, optim_wrapper) -> dict:
        """Cross entropy on the (source) batch, one :meth:`update` of all parts; logs
        ``loss_ce``."""
        if is_domain_pair(data):
            data = data['source']
        data = self.data_preprocessor(data, True)
        losses = self(data['inputs'], data['data_samples'], mode='loss')
        self.update(optim_wrapper, losses['loss_ce'], tuple(self.parts()))
        return self.log(losses)
