"""Source only: the task trained on labelled source data, no adaptation (the lower bound)."""
from segda.models.data_preprocessor import is_domain_pair
from segda.registry import MODELS

from .base import UDAMethod


@MODELS.register_module()
class SourceOnly(UDAMethod):
    """Minimise the task loss (cross entropy) with one optimiser.

    The train data is a plain labelled dataset. A domain-pair batch is accepted too and
    only its ``source`` half is used (it is selected before preprocessing, so the target
    never reaches the device); the same dataloader can then serve comparisons.
    """

    def train_step(self, data: dict, optim_wrapper) -> dict:
        """Cross entropy on the (source) batch, one ``update_params``; logs ``loss_ce``."""
        if is_domain_pair(data):
            data = data['source']
        data = self.data_preprocessor(data, True)
        with optim_wrapper.optim_context(self):
            losses = self(data['inputs'], data['data_samples'], mode='loss')
        optim_wrapper.update_params(losses['loss_ce'])
        return self.log(losses)
