"""A config as the tools run it: loaded with ``--cfg-options`` and checked for typos, and
the switches ``--amp`` and ``--tensorboard`` applied to it."""
import copy
import importlib.util
import os.path as osp

from mmengine.config import Config

from segda.engine.amp import CLI_DTYPES, WRAPPER_TYPE
from segda.engine.optim import wrapper_configs

from .config_check import check_hook_arguments, check_option_keys
from .task_kind import SEGMENTATION, UNKNOWN, task_kind

METHOD_KEY = 'method'
PARTS_KEY = 'method_parts'


def put_method_around_model(cfg: Config) -> Config:
    """Merge the config's method block (``method``: the method's type and arguments, from
    ``configs/_base_/methods/``) into its ``model`` (the task model, from
    ``configs/_base_/models/``) and drop the block, as DAFormer builds its ``uda`` block
    around ``model``. The merge is mmengine's inheritance merge (nested dicts merged,
    ``_delete_`` honoured); a config without a method block is returned as it is. The
    method base's ``method_parts`` then give the method's own parts their optimisers
    (``give_parts_optimizers``)."""
    method = cfg.pop(METHOD_KEY, None)
    if method is not None:
        cfg.merge_from_dict({'model': method.to_dict()})
    give_parts_optimizers(cfg, cfg.pop(PARTS_KEY, None) or {})
    return cfg


def give_parts_optimizers(cfg: Config, parts: dict) -> None:
    """``method_parts = dict(discriminator='head')`` in a method base: the method's own part
    (present when its argument is set, e.g. ``model.discriminator``) learns with a copy of
    the named part's optimiser wrapper, unless the config gives it one
    (``optim_wrapper.discriminator``). Only with one optimiser per part."""
    wrappers = cfg.get('optim_wrapper') or {}
    if '' in wrapper_configs(wrappers):
        return
    for part, like in parts.items():
        if cfg.get('model', {}).get(part) and part not in wrappers:
            wrappers[part] = copy.deepcopy(wrappers[like])


def read_config(config_path) -> Config:
    """``Config.fromfile`` with the method block put around the model: the config as the
    Runner builds it (``put_method_around_model``)."""
    return put_method_around_model(Config.fromfile(config_path))


def split_method_options(cfg_options: dict) -> tuple:
    """``--cfg-options`` as (those on the method block, ``method.<arg>`` and
    ``method_parts.<part>``, the others): the first apply before the block is put around the
    model, so ``method.clean_head=True`` also gives C' its optimiser."""
    prefixes = (METHOD_KEY + '.', PARTS_KEY + '.')
    on_method = {k: v for k, v in cfg_options.items() if k.startswith(prefixes)}
    return on_method, {k: v for k, v in cfg_options.items() if k not in on_method}


def load_config(config_path, cfg_options=None, work_dir=None, launcher='none'):
    """``Config.fromfile`` + the method block around the model + ``--cfg-options`` + work dir
    (``./work_dirs/<config name>``).

    Typos stop here, before anything is built: an option whose top-level key neither the
    config nor the Runner has, and a hook argument its class does not take
    (``segda/apis/config_check.py``)."""
    if not osp.isfile(config_path):
        raise FileNotFoundError(f'config file not found: {config_path!r} (see configs/)')
    cfg = Config.fromfile(config_path)
    on_method, others = split_method_options(cfg_options or {})
    check_option_keys(cfg, cfg_options)
    cfg.merge_from_dict(on_method)
    put_method_around_model(cfg)
    cfg.merge_from_dict(others)
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
