"""Figures over seeds: mean and sample standard deviation, NaN-aware means."""
import math
from typing import Sequence, Tuple


def mean_std(values: Sequence[float]) -> Tuple[float, float]:
    """The mean and the sample standard deviation (``n - 1``; 0 for one value)."""
    mean = sum(values) / len(values)
    std = (math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
           if len(values) > 1 else 0.0)
    return mean, std


def nanmean(values: Sequence[float]) -> float:
    """The mean of the values that are neither None nor NaN (NaN when there are none)."""
    values = [v for v in values if v is not None and not math.isnan(v)]
    return sum(values) / len(values) if values else math.nan


def mean_pm_std(values: Sequence[float], digits: int = 1) -> str:
    """``'mean ± std'`` with ``digits`` decimals."""
    mean, std = mean_std(values)
    return f'{mean:.{digits}f} ± {std:.{digits}f}'
