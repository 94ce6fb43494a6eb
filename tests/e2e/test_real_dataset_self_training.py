"""The self-training configs of the real pairs (GTA5 or SYNTHIA -> Cityscapes: DACS on
DeepLabv2, DAFormer and MIC on MiT) train two iterations through tools/train.py on tiny
files in the published layouts, log finite losses and are evaluated; one runs through
tools/dist_train.sh on two CPU processes (rare class sampling, the teacher, the feature
distance and the masked consistency under DDP). The networks are narrowed (MiT-B0 layout,
no ImageNet file), the inputs shrunk and rare class sampling's pixel threshold lowered to the
tiny images: the runs are about the code paths, not accuracy."""
import math
import os
import re
import subprocess
import sys

import pytest

from segda.apis import relocate_data_roots
from segda.apis.config import read_config

from helpers.cli import REPO, free_port, loader_options, run_tool
from helpers.data_files import make_cityscapes, make_gta5, make_synthia
from helpers.small_runs import last_train_scalars, small_run_options

pytestmark = pytest.mark.slow

CONFIGS = [f'configs/{run}_{source}.py' for source in ('gta5', 'synthia')
           for run in ('dacs_deeplabv2', 'daformer_mitb5', 'mic_daformer_mitb5')]
MAX_ITERS = 2
SIZE = (48, 64)  # H x W of every tiny image; the configs' Resize makes them 64 x 32


@pytest.fixture(scope='module')
def tiny_roots(tmp_path_factory):
    root = tmp_path_factory.mktemp('real_formats')
    make_gta5(root / 'gta5', num=4, size=SIZE)
    make_synthia(root / 'synthia', num=4, size=SIZE)
    for split in ('train', 'val'):
        make_cityscapes(root / 'cityscapes', split=split, per_city=2, size=SIZE)
    return root


def tiny_run_options(config, roots, batch_size=2):
    cfg = read_config(REPO / config)
    options = loader_options(config, batch_size=batch_size)
    for name in ('gta5', 'synthia', 'cityscapes'):
        options += relocate_data_roots(cfg, f'data/{name}', roots / name)
    options += small_run_options(config, MAX_ITERS, crop=(32, 32))
    backbone = cfg.model.task.backbone
    options.append('model.task.backbone.pretrained=None')
    if backbone.type == 'MixVisionTransformer':
        options += ['model.task.backbone.arch=b0', 'model.task.decoder.embed_dims=16']
    if cfg.train_dataloader.sampler.type == 'RareClassSampler':
        options += ['train_dataloader.sampler.min_pixels=16', 'train_dataloader.sampler.nproc=1']
    return options


def assert_trained_and_evaluated(result, config):
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    losses = last_train_scalars(log, MAX_ITERS)
    assert 'loss_source' in losses and 'loss_mix' in losses, losses
    not_finite = {key: value for key, value in losses.items() if not math.isfinite(float(value))}
    assert not not_finite, f'{config}: non-finite logged values {not_finite}'
    miou = re.findall(r'Iter\(val\).*\bmIoU: (\S+)', log)
    assert miou and math.isfinite(float(miou[-1])), f'{config}: mIoU was not evaluated'
    return log, losses


@pytest.mark.parametrize('config', CONFIGS)
def test_config_trains_on_the_published_layouts(config, tiny_roots, tmp_path):
    result = run_tool('train.py', config, '--work-dir', tmp_path, '--cfg-options',
                      *tiny_run_options(config, tiny_roots))
    log, losses = assert_trained_and_evaluated(result, config)
    if 'daformer' in config:
        assert 'loss_feature_dist' in losses
    if '/mic_' in config:
        assert 'loss_masked' in losses
    if 'synthia' in config:
        assert re.search(r'Iter\(val\).*\bmIoU16: \S+.*\bmIoU13: \S+', log), log[-2000:]


def test_mic_on_synthia_trains_through_dist_train_sh_on_two_cpu_processes(tiny_roots, tmp_path):
    config = 'configs/mic_daformer_mitb5_synthia.py'
    work_dir = tmp_path / 'work'
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()),
               NO_ALBUMENTATIONS_UPDATE='1', CUDA_VISIBLE_DEVICES='')
    result = subprocess.run(
        ['bash', str(REPO / 'tools/dist_train.sh'), str(REPO / config), '2',
         '--work-dir', str(work_dir), '--cfg-options',
         *tiny_run_options(config, tiny_roots, batch_size=1)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    log, _ = assert_trained_and_evaluated(result, config)
    assert 'Distributed training: True' in log
