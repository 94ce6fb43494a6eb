"""What tools/train.py and tools/test.py share: config loading, ``--amp`` and user-facing errors."""
import importlib.util
import os
import os.path as osp
import sys

from mmengine.config import Config

from segda.engine.amp import CLI_DTYPES, WRAPPER_TYPE
from segda.engine.divergence import DivergenceError
from segda.engine.optim import wrapper_configs

from .config_check import check_hook_arguments, check_option_keys
from .data_roots import LOADERS

# Errors that are the user's to fix (a missing dataset, a wrong path, an unknown type, an
# output that exists, a corrupt checkpoint, a diverged run): shown as one clear line instead
# of a traceback. SEGDA_DEBUG=1 shows the traceback as well. Internal errors keep theirs.
USER_ERRORS = (FileNotFoundError, NotADirectoryError, FileExistsError, KeyError, ValueError,
               DivergenceError)


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
    logged scalars: losses, lr, validation metrics) and ``LogPredictionsHook`` (at each
    validation, ``max_images`` colourised predictions). Events go to
    ``<work_dir>/<timestamp>/vis_data``; ``tensorboard --logdir <work_dir>`` shows them."""
    if importlib.util.find_spec('tensorboard') is None:
        raise ValueError("--tensorboard needs the tensorboard package: pip install -e "
                         "'.[tensorboard]' (or pip install tensorboard).")
    visualizer = cfg.get('visualizer') or dict(type='Visualizer', name='visualizer')
    backends = list(visualizer.get('vis_backends') or [dict(type='LocalVisBackend')])
    visualizer['vis_backends'] = backends + [dict(type='TensorboardVisBackend')]
    cfg.visualizer = visualizer
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='LogPredictionsHook', max_images=max_images)]


def run_main(main):
    """Run a CLI ``main`` and turn bad-input errors into a one-line message and exit code 1."""
    try:
        main()
    except USER_ERRORS as error:
        if os.environ.get('SEGDA_DEBUG'):
            raise
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f'error: {message}\n(set SEGDA_DEBUG=1 to see the traceback)', file=sys.stderr)
        sys.exit(1)


def _data_roots(node):
    """Every ``data_root`` value in a (nested) config."""
    if isinstance(node, dict):
        if isinstance(node.get('data_root'), str):
            yield node['data_root']
        for value in node.values():
            yield from _data_roots(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _data_roots(value)


def _inside(path, folder) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (links resolved)."""
    path, folder = osp.realpath(path), osp.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output_path(path, cfg, option, overwrite=False, is_file=True):
    """Refuse an output that would damage data: ``path`` inside a dataset folder of the
    config (its files would replace the dataset's or break the next scan), or an existing
    output file without ``--overwrite``. ``option`` names the flag in the message."""
    for key in LOADERS:
        for root in _data_roots(cfg.get(key)):
            if _inside(path, root):
                raise ValueError(f'{option} {path} lies inside the dataset folder {root} '
                                 f'({key}); write outputs outside the data.')
    if is_file and osp.exists(path) and not overwrite:
        raise FileExistsError(f'{option} {path} exists; pass --overwrite to replace it, or '
                              'choose another path.')


def check_data_roots(cfg, keys=LOADERS):
    """Fail before any model is built when a dataset folder of the config is missing."""
    for key in keys:
        for root in _data_roots(cfg.get(key)):
            if not osp.isdir(root):
                raise FileNotFoundError(
                    f'dataset folder not found: {root!r} ({key}). See docs/datasets.md for '
                    'the layout and how to get GTA5/Cityscapes, or make the embedded SynthCity '
                    'with `python tools/make_synthcity.py --out data/synthcity`.')

