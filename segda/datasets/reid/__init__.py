"""Person re-identification datasets (VIPeR, PRID2011, CUHK01/02, Market-1501), their
pipeline's last transform, the P x K sampler and the procedural pedestrians."""
from .base import DEFAULT_PIPELINE, ReIDDataset, ReIDImage
from .cuhk import CUHK01Dataset, CUHK02Dataset
from .market1501 import Market1501Dataset
from .prid2011 import PRID2011Dataset
from .sampler import PKSampler, pk_batches, pk_indices
from .transforms import PackReIDInputs
from .viper import VIPeRDataset

__all__ = [
    'DEFAULT_PIPELINE', 'ReIDDataset', 'ReIDImage', 'VIPeRDataset', 'PRID2011Dataset',
    'CUHK01Dataset', 'CUHK02Dataset', 'Market1501Dataset', 'PKSampler', 'pk_batches',
    'pk_indices', 'PackReIDInputs',
]
