"""Run the CLIs the way a user does, on a tiny SynthCity, or load one as a module."""
import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

from segda.apis import LOADERS, relocate_data_roots
from segda.apis.config import read_config

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SYNTHCITY = 'data/synthcity'


def loader_options(config, workers=0, batch_size=2):
    """--cfg-options that give every loader of ``config`` ``workers`` workers and
    ``batch_size`` samples per batch."""
    cfg = read_config(REPO / config)
    return [option for loader in LOADERS if cfg.get(loader) is not None
            for option in (f'{loader}.num_workers={workers}',
                           f'{loader}.persistent_workers={workers > 0}',
                           f'{loader}.batch_size={batch_size}')]


def synthcity_options(config, root, workers=0, batch_size=2):
    """--cfg-options that point a *_synthcity.py config at `root` and keep it small."""
    return (loader_options(config, workers, batch_size)
            + relocate_data_roots(read_config(REPO / config), DEFAULT_SYNTHCITY, root))


def run_tool(tool, *args, timeout=600):
    """Run tools/<tool> with this interpreter; returns the CompletedProcess (never raises)."""
    env = dict(os.environ, NO_ALBUMENTATIONS_UPDATE='1', PYTHONUNBUFFERED='1')
    return subprocess.run([sys.executable, str(REPO / 'tools' / tool), *map(str, args)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)


def load_tool(path):
    """``tools/<path>`` (e.g. ``'analysis/pad.py'``) as a module, so that a test calls its
    ``main(argv)`` or its functions in this process."""
    spec = importlib.util.spec_from_file_location(Path(path).stem, REPO / 'tools' / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on (for a process group's rendezvous)."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def set_rank_env(rank, world_size, port):
    """The environment torchrun gives rank ``rank`` of a CPU-only process group."""
    os.environ.update(CUDA_VISIBLE_DEVICES='', MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port),
                      RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(world_size))
