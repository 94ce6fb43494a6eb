"""The SynthCity source-only model as the tools load it, with fixed random weights."""
import torch
from mmengine.registry import init_default_scope

from segda.apis.config import read_config
from segda.registry import MODELS

from helpers.cli import REPO

CONFIG = 'configs/source_only_fcn_synthcity.py'


def random_checkpoint(path):
    """A fixed random-weight checkpoint of CONFIG's model, its decoder narrowed to 16
    channels (``model.task.decoder.channels=16``)."""
    cfg = read_config(REPO / CONFIG)
    cfg.model.task.decoder.channels = 16
    init_default_scope('segda')
    torch.manual_seed(0)
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()), path)
