"""A tiny MNIST-M-construction digits pair and a checkpoint of a digits config's model on it,
for the tests of what runs on a trained model (``segda.apis.retrain_classifier``, its tool)."""
import torch
from mmengine.registry import init_default_scope

from segda.apis import relocate_data_roots
from segda.apis.config import read_config
from segda.datasets.classification.digits_demo import generate_digits_demo
from segda.registry import MODELS

from helpers.cli import REPO

DEFAULT_ROOT = 'data/digits_mnistm_demo'


def tiny_mnistm_pair(root, config, batch_size=8):
    """Under ``root``: the pair (40 source training images, 12 test images a side) and
    ``iter_3000.pth``, the model of ``config`` initialised with seed 0, its G's BatchNorm
    statistics moved off their initial values by one forward in train mode. Returns the
    checkpoint and the ``--cfg-options`` (``{key: value}``) that point ``config`` at the
    pair with ``batch_size`` source images per batch."""
    generate_digits_demo(str(root / 'data'), num_source_train=40, num_source_test=12, seed=0,
                         target='mnistm')
    cfg = read_config(REPO / config)
    options = dict(option.split('=', 1)
                   for option in relocate_data_roots(cfg, DEFAULT_ROOT, root / 'data'))
    options['train_dataloader.batch_size'] = batch_size
    init_default_scope('segda')
    torch.manual_seed(0)
    model = MODELS.build(cfg.model).train()
    with torch.no_grad():
        model.task.extract(torch.randn(16, 3, 28, 28) * 2 + 0.5)
    checkpoint = root / 'iter_3000.pth'
    torch.save(dict(meta=dict(iter=3000), state_dict=model.state_dict()), checkpoint)
    return checkpoint, options
