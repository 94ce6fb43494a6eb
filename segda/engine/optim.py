"""One optimiser per named part of a method, collected in an ``OptimWrapperDict``.

mmengine has no such constructor. A method names its parts (``generator``, ``head``,
``discriminator``, ...) in ``UDAMethod.parts()``; the config gives one optimiser
wrapper per part, each with mmengine's usual keys (``paramwise_cfg`` with ``lr_mult``
for per-group multipliers included)::

    sgd = dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4)
    optim_wrapper = dict(
        constructor='PartsOptimWrapperConstructor',
        generator=dict(type='OptimWrapper', optimizer=sgd),
        head=dict(type='OptimWrapper', optimizer=dict(sgd, lr=1e-2)))  # head 10x, as SymNets

Because the wrappers live in the runner, their states are checkpointed and resumed, and
the schedulers in ``param_scheduler`` are built for each of them. With mixed precision
(``tools/train.py --amp``) every part is a ``MixedPrecisionOptimWrapper`` and all parts
share one loss scaler (see ``segda/engine/amp.py``).
"""
import copy

from mmengine.model import is_model_wrapper
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict

from segda.registry import OPTIM_WRAPPER_CONSTRUCTORS

from .amp import share_loss_scaler


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class PartsOptimWrapperConstructor:
    """Build ``OptimWrapperDict(part=OptimWrapper, ...)`` from one config per part."""

    def __init__(self, optim_wrapper_cfg, paramwise_cfg=None):
        if paramwise_cfg is not None:
            raise ValueError('PartsOptimWrapperConstructor: put `paramwise_cfg` inside the '
                             'part it applies to (e.g. optim_wrapper.head.paramwise_cfg).')
        self.part_cfgs = copy.deepcopy(dict(optim_wrapper_cfg))

    def __call__(self, model):
        if is_model_wrapper(model):
            model = model.module
        parts = model.parts()
        missing = sorted(set(parts) - set(self.part_cfgs))
        unknown = sorted(set(self.part_cfgs) - set(parts))
        if missing or unknown:
            raise ValueError(
                f'optim_wrapper must have one entry per part of {type(model).__name__}: '
                f'{sorted(parts)}; missing {missing}, unknown {unknown}.')
        wrappers = {}
        for name, module in parts.items():
            cfg = copy.deepcopy(self.part_cfgs[name])
            paramwise_cfg = cfg.pop('paramwise_cfg', None)
            wrappers[name] = DefaultOptimWrapperConstructor(cfg, paramwise_cfg)(module)
        share_loss_scaler(wrappers.values())
        return OptimWrapperDict(**wrappers)


def wrapper_configs(optim_wrapper_cfg: dict) -> dict:
    """The optimiser wrapper configs inside an ``optim_wrapper`` config, by their key path:
    ``{'': cfg}`` for one wrapper, ``{'.generator': ..., '.head': ...}`` for one per part."""
    constructor = optim_wrapper_cfg.get('constructor', '')
    if constructor.split('.')[-1] != PartsOptimWrapperConstructor.__name__:
        return {'': optim_wrapper_cfg}
    return {f'.{name}': cfg for name, cfg in optim_wrapper_cfg.items()
            if name not in ('constructor', 'paramwise_cfg')}
