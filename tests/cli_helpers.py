"""Run the CLIs the way a user does, on a tiny SynthCity."""
import os
import subprocess
import sys
from pathlib import Path

from mmengine.config import Config

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SYNTHCITY = 'data/synthcity'
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def _data_root_keys(node, prefix):
    """(dotted key, value) of every data_root in a nested config dict."""
    for key, value in node.items():
        path = f'{prefix}.{key}'
        if key == 'data_root':
            yield path, value
        elif isinstance(value, dict):
            yield from _data_root_keys(value, path)


def synthcity_options(config, root, workers=0, batch_size=2):
    """--cfg-options that point a *_synthcity.py config at `root` and keep it small."""
    cfg = Config.fromfile(REPO / config)
    options = []
    for loader in LOADERS:
        if cfg.get(loader) is None:
            continue
        options += [f'{loader}.num_workers={workers}', f'{loader}.persistent_workers={workers > 0}',
                    f'{loader}.batch_size={batch_size}']
        for key, value in _data_root_keys(cfg[loader], loader):
            options.append(f'{key}={value.replace(DEFAULT_SYNTHCITY, str(root), 1)}')
    return options


def run_tool(tool, *args, timeout=600):
    """Run tools/<tool> with this interpreter; returns the CompletedProcess (never raises)."""
    env = dict(os.environ, NO_ALBUMENTATIONS_UPDATE='1', PYTHONUNBUFFERED='1')
    return subprocess.run([sys.executable, str(REPO / 'tools' / tool), *map(str, args)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
