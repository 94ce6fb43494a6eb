"""Person re-identification datasets (VIPeR, PRID2011, CUHK01/02, Market-1501), their
pipeline's last transform, the P x K samplers, the split-record hook and the procedural
pedestrians (``pedestrians/``)."""
from .base import DEFAULT_PIPELINE, ReIDDataset, ReIDImage
from .cuhk import CUHK01Dataset, CUHK02Dataset
from .market1501 import Market1501Dataset
from .pair_sampler import PKDomainPairSampler
from .pedestrians import generate_pedestrians
from .prid2011 import PRID2011Dataset
from .sampler import PKSampler, pk_batches, pk_indices
from .split_record import ReIDSplitRecordHook
from .transforms import PackReIDInputs
from .viper import VIPeRDataset

__all__ = [
    'DEFAULT_PIPELINE', 'ReIDDataset', 'ReIDImage', 'VIPeRDataset', 'PRID2011Dataset',
    'CUHK01Dataset', 'CUHK02Dataset', 'Market1501Dataset', 'PKSampler', 'pk_batches',
    'pk_indices', 'PKDomainPairSampler', 'PackReIDInputs', 'ReIDSplitRecordHook',
    'generate_pedestrians',
]
