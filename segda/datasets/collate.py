"""``seg_collate``: a list of samples -> one batch (registered as ``seg_collate`` in FUNCTIONS).

    [dict(inputs=x_i, data_samples=s_i)]_i  ->  dict(inputs=stack(x_i) or [x_i], data_samples=[s_i])

``inputs`` are stacked (``N x 3 x H x W`` uint8 for images) when all have the same shape,
else kept as a list (the data preprocessor pads them). A domain pair
``dict(source=sample, target=sample)`` collates each domain on its own:
``dict(source=batch, target=batch)``.
"""
from typing import Sequence

import torch

from segda.registry import FUNCTIONS


@FUNCTIONS.register_module(name='seg_collate')
def seg_collate(batch: Sequence[dict]) -> dict:
    """Collate samples (or domain-pair samples) as described in the module docstring."""
    if not batch:
        raise ValueError('seg_collate: empty batch.')
    first = batch[0]
    if 'inputs' not in first and {'source', 'target'} <= set(first):
        return {domain: seg_collate([sample[domain] for sample in batch])
                for domain in ('source', 'target')}
    if 'inputs' not in first:
        raise KeyError(f'seg_collate expects samples dict(inputs=..., data_samples=...) or '
                       f'dict(source=..., target=...), got keys {sorted(first)}; end the '
                       "pipeline with dict(type='PackSegInputs').")
    inputs = [sample['inputs'] for sample in batch]
    if all(x.shape == inputs[0].shape for x in inputs):
        inputs = torch.stack(inputs)
    return dict(inputs=inputs, data_samples=[sample['data_samples'] for sample in batch])
