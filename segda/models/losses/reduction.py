"""How a loss on class posteriors reduces a per-class quantity ``v_ik`` (classes on dim 1,
M samples or pixels):

    'sum'    (1 / M) sum_i sum_k v_ik       the equations as the papers print them
    'mean'   (1 / (M K)) sum_i sum_k v_ik   the mean over every element, classes included

``'mean'`` is ``'sum'`` divided by K. It is the effective scale of code that calls a
framework's element-wise mean on an ``M x K`` tensor (ADR's and ENT's official code).
"""
import torch

CLASS_REDUCTIONS = ('sum', 'mean')


def reduce_over_classes(values: torch.Tensor, reduction: str = 'sum') -> torch.Tensor:
    """``values`` (classes on dim 1) reduced as the module docstring says."""
    if reduction == 'sum':
        return values.sum(dim=1).mean()
    if reduction == 'mean':
        return values.mean()
    raise ValueError(f'reduction must be one of {CLASS_REDUCTIONS}, got {reduction!r}')
