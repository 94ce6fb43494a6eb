"""A trained model from its config and checkpoint, as MMSegmentation's ``init_model``.

Every tool that loads a trained model outside a Runner goes through :func:`init_model`,
so every one loads the weights only when they fit the model
(``checkpoint_check.load_fitting_weights``): a checkpoint of another model stops with one
message instead of predicting with random weights.
"""
import os
from typing import Optional, Union

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from segda.registry import MODELS

from .checkpoint_check import load_fitting_weights
from .config import load_config, put_method_around_model


def default_device() -> str:
    """``'cuda'`` when a GPU is visible, else ``'cpu'``."""
    return 'cuda' if torch.cuda.is_available() else 'cpu'


def init_model(config: Union[str, os.PathLike, Config], checkpoint: Optional[str] = None,
               device: Optional[str] = None) -> torch.nn.Module:
    """The model of ``config`` with the weights of ``checkpoint``, in eval mode on ``device``.

    Args:
        config: a config file (read by :func:`~segda.apis.config.load_config`) or a loaded
            ``Config``; its ``model`` is built.
        checkpoint: a checkpoint of that model (``tools/train.py``'s ``iter_N.pth``), or
            None to keep the weights as initialised.
        device: ``'cuda'``, ``'cpu'``, ``'cuda:1'``, ... (default: the GPU when there is one).

    Returns:
        The model (a method, or a task model), with the config as ``model.cfg``.

    Raises:
        CheckpointMismatchError: a task weight is missing from the checkpoint or has another
            shape there, naming the file and the first keys.
    """
    if isinstance(config, (str, os.PathLike)):
        config = load_config(os.fspath(config))
    elif not isinstance(config, Config):
        raise TypeError(f'init_model: config must be a file name or a Config, got '
                        f'{type(config).__name__}.')
    else:
        put_method_around_model(config)
    init_default_scope(config.get('default_scope', 'segda'))
    model = MODELS.build(config.model)
    if checkpoint is not None:
        load_fitting_weights(model, checkpoint)
    model.cfg = config
    return model.to(device or default_device()).eval()
