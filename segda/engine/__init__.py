"""The runtime: checkpoint files, paper schedules, one optimiser per part, the loop and hooks
of exact resumption, mixed precision, several processes. Application policy (what the tools
decide) lives in ``segda.apis``."""
from .checkpoint import load_local_checkpoint
from .schedules import InvLR, adaptation_weight, annealed_lr_factor

__all__ = ['load_local_checkpoint', 'InvLR', 'adaptation_weight', 'annealed_lr_factor']
from .optim import PartsOptimWrapperConstructor  # noqa: E402

__all__ += ['PartsOptimWrapperConstructor']
from .atomic_checkpoint import AtomicCheckpointHook  # noqa: E402
from .label_space_check import LabelSpaceCheckHook  # noqa: E402
from .loops import ResumableIterBasedTrainLoop  # noqa: E402
from .rng_state import RNGStateHook  # noqa: E402

__all__ += ['AtomicCheckpointHook', 'LabelSpaceCheckHook', 'RNGStateHook',
            'ResumableIterBasedTrainLoop']
from .amp import MixedPrecisionOptimWrapper  # noqa: E402
from .dist import UDADistributedWrapper  # noqa: E402
from .divergence import DivergenceHook  # noqa: E402
from .max_norm import MaxNormHook  # noqa: E402

__all__ += ['MixedPrecisionOptimWrapper', 'UDADistributedWrapper', 'DivergenceHook',
            'MaxNormHook']
