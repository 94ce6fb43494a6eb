"""Tiny re-ID datasets written in the published layouts (VIPeR, PRID 2011, CUHK01,
CUHK02, Market-1501), random pixels under the real file names; the options that point an
embedded pedestrians config at a tiny generated pair."""
import cv2
import numpy as np

from segda.apis.config import read_config

from helpers.cli import REPO

PEDESTRIANS_ROOT = 'data/pedestrians_demo'  # the embedded configs' data root


def write_images(folder, names, size=(16, 8)):
    """Tiny random images (``size`` rows x columns) with the given file names (the format
    from the suffix)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(len(names))
    for name in names:
        assert cv2.imwrite(str(folder / name), rng.integers(0, 255, size + (3,), dtype=np.uint8))


def make_viper(root, num=10):
    write_images(root / 'cam_a', [f'{i:03d}_{(i * 45) % 360}.bmp' for i in range(num)])
    write_images(root / 'cam_b', [f'{i:03d}_90.bmp' for i in range(num)])
    return root


def make_prid(root, shared=6, only_a=2, only_b=4):
    write_images(root / 'single_shot' / 'cam_a',
                 [f'person_{n:04d}.png' for n in range(1, shared + only_a + 1)])
    write_images(root / 'single_shot' / 'cam_b',
                 [f'person_{n:04d}.png' for n in range(1, shared + only_b + 1)])
    return root


def make_cuhk01(root, num=6):
    write_images(root / 'campus', [f'{i:04d}{m:03d}.png' for i in range(1, num + 1)
                                   for m in (1, 2, 3, 4)])
    return root


def make_cuhk02(root, people=(3, 2, 2, 2, 2)):
    for pair, num in zip(('P1', 'P2', 'P3', 'P4', 'P5'), people):
        for cam in ('cam1', 'cam2'):
            write_images(root / pair / cam, [f'{i:03d}_{k}.png' for i in range(1, num + 1)
                                             for k in (1, 2)])
    return root


def make_market(root):
    write_images(root / 'bounding_box_train', ['0002_c1s1_000451_03.jpg',
                                               '0002_c2s1_000301_01.jpg',
                                               '0007_c3s1_000101_02.jpg',
                                               '-1_c1s1_000001_00.jpg'])
    write_images(root / 'query', ['0005_c1s1_001051_00.jpg', '0006_c2s1_001101_00.jpg'])
    write_images(root / 'bounding_box_test', ['0005_c1s1_001001_01.jpg',  # same camera
                                              '0005_c4s2_002001_01.jpg',
                                              '0006_c3s1_000201_01.jpg',
                                              '0000_c1s1_000000_01.jpg',  # distractor
                                              '-1_c2s1_000002_01.jpg'])  # junk
    return root


def tiny_pedestrian_options(config, root):
    """--cfg-options that point an embedded config at the tiny pair and shrink it."""
    prid = dict(num_train=4, num_shared=8)
    options = ['train_dataloader.sampler.num_identities=4', 'train_dataloader.batch_size=8',
               'val_dataloader.batch_size=16', 'test_dataloader.batch_size=16',
               'train_cfg.max_iters=2', 'train_cfg.val_interval=2']
    parts = {'val_dataloader.dataset': prid, 'test_dataloader.dataset': prid}
    if 'oracle_' in config:
        parts['train_dataloader.dataset'] = prid
    else:
        parts['train_dataloader.dataset.target'] = prid
        parts['train_dataloader.dataset.source'] = dict(num_train=8)
    cfg = read_config(REPO / config)
    for key, values in parts.items():
        node = cfg
        for name in key.split('.'):
            node = node[name]
        options.append(f"{key}.data_root={node['data_root'].replace(PEDESTRIANS_ROOT, str(root))}")
        options += [f'{key}.{name}={value}' for name, value in values.items()]
    return options
