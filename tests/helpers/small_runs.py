"""``--cfg-options`` that make a config's run small (a few iterations, small inputs) so a test
runs it through tools/train.py in seconds, and a reader of the log's last training line."""
import re

from segda.apis.config import read_config

from .cli import REPO

SCALE = (64, 32)  # a 16th of the SynthCity configs' 256 x 128: code paths, not accuracy
RUNTIME_KEYS = {'eta', 'time', 'data_time', 'memory'}
LOG_ITEM = re.compile(r'([\w.]+): (\S+)')


def transform_keys(node, prefix, types, field):
    """Dotted keys (list items by index) of ``field`` of every transform whose type is one of
    ``types`` under ``node``."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        path = f'{prefix}.{key}'
        if isinstance(value, dict) and value.get('type') in types:
            yield f'{path}.{field}'
        elif isinstance(value, (dict, list, tuple)):
            yield from transform_keys(value, path, types, field)


def small_run_options(config, max_iters, scale=SCALE, crop=None):
    """Every Resize to ``scale`` (and every crop to ``crop``, when given), ``max_iters``
    iterations with one validation at the end, a log line per iteration, no checkpoint, and a
    narrow decoder where it has hidden layers (FCN's fc6/fc7; DeepLabv2's has none)."""
    cfg = read_config(REPO / config)
    loaders = ('train_dataloader', 'val_dataloader')
    resizes = [f'{key}={scale}' for loader in loaders
               for key in transform_keys(cfg[loader], loader, ('Resize',), 'scale')]
    assert resizes, f'{config}: no Resize transform found to shrink the inputs'
    crops = [] if crop is None else [
        f'{key}={crop}' for loader in loaders
        for key in transform_keys(cfg[loader], loader, ('RandomCrop', 'CatMaxRatioCrop'), 'size')]
    narrow = ['model.task.decoder.channels=16'] if 'channels' in cfg.model.task.decoder else []
    return resizes + crops + [
        f'train_cfg.max_iters={max_iters}', f'train_cfg.val_interval={max_iters}',
        'default_hooks.logger.interval=1', 'default_hooks.checkpoint.interval=1000', *narrow]


def last_train_scalars(log, max_iters):
    """The scalars of the last 'Iter(train)' line, without the runtime ones (eta, time, lr)."""
    lines = [line for line in log.splitlines() if 'Iter(train)' in line]
    assert lines, 'no Iter(train) line was logged'
    assert f'[{max_iters}/{max_iters}]' in lines[-1], lines[-1]
    scalars = dict(LOG_ITEM.findall(lines[-1].split(']', 1)[1]))
    return {key: value for key, value in scalars.items()
            if key not in RUNTIME_KEYS and not key.endswith(('lr', 'momentum'))}
