"""A config as the tools run it: loaded with ``--cfg-options`` and checked for typos, and
the switches ``--amp`` and ``--tensorboard`` applied to it."""
import importlib.util
import os.path as osp

from mmengine.config import Config

from segda.engine.amp import CLI_DTYPES, WRAPPER_TYPE
from segda.engine.optim import wrapper_configs

from .config_check import check_hook_arguments, check_option_keys
from .task_kind import SEGMENTATION, UNKNOWN, task_kind


def load_config(config_path, cfg_options=None, work_dir=None, launcher='none'):
    """``Config.fromfile`` + ``--cfg-options`` + work dir (``./work_dirs/<config name>``).

    Typos stop here, before anything is built: an option whose top-level key neither the
    config nor the Runner has, and a hook argument its class does not take
    (``segda/apis/config_check.py``)."""
    if not osp.isfile(config_path):
        raise FileNotFoundError(f'config file not found: {config_path!r} (see configs/)')
    cfg = Config.fromfile(config_path)
    if cfg_options:
        check_option_keys(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
    check_hook_arguments(cfg)
    cfg.launcher = launcher
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(config_path))[0])
    return cfg


def enable_amp(cfg, dtype: str = 'bf16') -> None:
    """``--amp [bf16|fp16]``: make every optimiser wrapper in ``cfg.optim_wrapper`` (the one,
    or one per part) a ``MixedPrecisionOptimWrapper`` with that autocast dtype; the parts
    then share one loss scale (fp16) (``segda/engine/amp.py``)."""
    if dtype not in CLI_DTYPES:
        raise ValueError(f'--amp: dtype must be one of {sorted(CLI_DTYPES)}, got {dtype!r}.')
    for path, wrapper_cfg in wrapper_configs(cfg.optim_wrapper).items():
        wrapper_type = wrapper_cfg.get('type', 'OptimWrapper')
        if wrapper_type.split('.')[-1] not in ('OptimWrapper', WRAPPER_TYPE.split('.')[-1]):
            raise ValueError(f'--amp: optim_wrapper{path}.type is {wrapper_type!r}; mixed '
                             "precision replaces type='OptimWrapper' only.")
        wrapper_cfg.update(type=WRAPPER_TYPE, dtype=CLI_DTYPES[dtype])


def enable_tensorboard(cfg, max_images: int = 4) -> None:
    """``--tensorboard``: add mmengine's ``TensorboardVisBackend`` to the visualizer (the
    logged scalars: losses, lr, validation metrics) and, for a segmentation model,
    ``LogPredictionsHook`` (at each validation, ``max_images`` colourised predictions; a
    classification or re-ID model logs its scalars only, said on stdout). Events go to
    ``<work_dir>/<timestamp>/vis_data``; ``tensorboard --logdir <work_dir>`` shows them."""
    if importlib.util.find_spec('tensorboard') is None:
        raise ValueError("--tensorboard needs the tensorboard package: pip install -e "
                         "'.[tensorboard]' (or pip install tensorboard).")
    visualizer = cfg.get('visualizer') or dict(type='Visualizer', name='visualizer')
    backends = list(visualizer.get('vis_backends') or [dict(type='LocalVisBackend')])
    visualizer['vis_backends'] = backends + [dict(type='TensorboardVisBackend')]
    cfg.visualizer = visualizer
    kind = task_kind(cfg)
    if kind in (SEGMENTATION, UNKNOWN):
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='LogPredictionsHook', max_images=max_images)]
    else:
        print(f'--tensorboard: a {kind} model logs its scalars (losses, lr, validation '
              'metrics); prediction images are drawn for segmentation models.', flush=True)
