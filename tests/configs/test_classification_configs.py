"""Every classification config builds its method around its model, and has the pair shape
(source, target, val and test data roots); every embedded *_digits_demo config trains two
iterations through tools/train.py on a tiny digits pair and is evaluated (the
*_digits_mnistm_demo twins differ from them in their data roots only, checked here), and so
does every semi-supervised *_digits_mnistm_demo config on a tiny MNIST-M-construction pair. The
configs are found by glob, so a new one is covered at once."""
import math
import re

import pytest

from segda.apis import load_config, relocate_data_roots
from segda.apis.config import read_config
from segda.datasets.classification.digits_demo import generate_digits_demo
from segda.methods.base import UDAMethod
from segda.registry import MODELS

from helpers.cli import REPO, run_tool

CONFIG_DIR = REPO / 'configs' / 'classification'
# The semi-supervised GAN configs (one domain, no pair) are tested in test_ssgan_configs.py.
CONFIGS = sorted(path.relative_to(REPO).as_posix() for path in CONFIG_DIR.glob('*.py')
                 if '_ssgan_' not in path.name)
DEMO_CONFIGS = [config for config in CONFIGS if config.endswith('_digits_demo.py')]
# The embedded MNIST-M-construction configs with a twin on the handwriting pair (the
# semi-supervised run has none).
MNISTM_TWINS = [config for config in CONFIGS if config.endswith('_digits_mnistm_demo.py')
                and 'semisup' not in config]
SEMISUP_MNISTM_CONFIGS = [config for config in CONFIGS
                          if config.endswith('_digits_mnistm_demo.py') and 'semisup' in config]
PAIR_KEYS = ('train_dataloader.dataset.source.data_root',
             'train_dataloader.dataset.target.data_root',
             'val_dataloader.dataset.data_root', 'test_dataloader.dataset.data_root')
METHOD_OF_PREFIX = dict(source_only='SourceOnly', oracle='SourceOnly', dann='DANN', adr='ADR',
                        ent='ENT', symnets='SymNets', domain_confusion='DomainConfusion')
LOSS = re.compile(r'(loss\w*|sensitivity\w*|\w+_task|domain_\w+|category_\w+|target_\w+): (\S+)')


def without_pretrained_weights(node):
    """The model config with every PooledResNet's ImageNet weights left out (the tests read
    no torch hub cache)."""
    if isinstance(node, dict):
        node = {key: without_pretrained_weights(value) for key, value in node.items()}
        if node.get('type') == 'PooledResNet':
            node['pretrained'] = None
    return node


def get_key(cfg, dotted):
    node = cfg
    for key in dotted.split('.'):
        node = node[key]
    return node


def test_the_issue_configs_exist():
    names = {path.rsplit('/', 1)[1][:-3] for path in CONFIGS}
    pairs = {'mnist_to_mnistm', 'syn_digits_to_svhn', 'svhn_to_mnist', 'mnist_to_svhn',
             'usps_to_mnist',
             'mnist_to_usps', 'office31_amazon_to_webcam', 'office_home_art_to_clipart',
             'visda2017_train_to_validation', 'imageclef_i_to_p'}
    expected = {'dann_mnist_to_mnistm', 'dann_syn_digits_to_svhn', 'dann_svhn_to_mnist',
                'dann_mnist_to_svhn',
                'dann_office31_amazon_to_webcam', 'adr_svhn_to_mnist', 'adr_usps_to_mnist',
                'adr_mnist_to_usps', 'adr_visda2017_train_to_validation', 'ent_svhn_to_mnist',
                'ent_usps_to_mnist', 'ent_mnist_to_usps', 'symnets_office31_amazon_to_webcam',
                'symnets_office_home_art_to_clipart', 'symnets_imageclef_i_to_p',
                'domain_confusion_office31_amazon_to_webcam'}
    expected |= {f'source_only_{pair}' for pair in pairs}
    expected |= {f'{method}_digits_demo' for method in METHOD_OF_PREFIX}
    assert expected <= names, sorted(expected - names)


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_its_method_and_has_the_pair_shape(config):
    cfg = read_config(REPO / config)
    prefix = next(p for p in sorted(METHOD_OF_PREFIX, key=len, reverse=True)
                  if config.rsplit('/', 1)[1].startswith(p + '_'))
    model = MODELS.build(without_pretrained_weights(cfg.model.to_dict()))
    assert isinstance(model, UDAMethod) and type(model).__name__ == METHOD_OF_PREFIX[prefix]
    assert type(model.task).__name__ == 'Classifier'
    keys = PAIR_KEYS[2:] if prefix == 'oracle' else PAIR_KEYS
    for key in keys:
        if key.startswith('train_dataloader.dataset.source') and \
                cfg.train_dataloader.dataset.source.type == 'ConcatDataset':
            roots = [d.data_root for d in cfg.train_dataloader.dataset.source.datasets]
        else:
            roots = [get_key(cfg, key)]
        assert all(root.startswith('data/') for root in roots), (config, key)
    if prefix != 'oracle':
        target = cfg.train_dataloader.dataset.target
        assert target.with_labels is False, f'{config}: the training target must be unlabelled'
    # the last iteration is evaluated: the figure reported is the last checkpoint's
    assert cfg.train_cfg.max_iters % cfg.train_cfg.val_interval == 0


@pytest.mark.parametrize('twin', MNISTM_TWINS)
def test_mnistm_twins_differ_from_the_handwriting_configs_in_data_roots_only(twin):
    from helpers.config_snapshot import flatten
    twin_cfg = read_config(REPO / twin)
    cfg = read_config(REPO / twin.replace('_digits_mnistm_demo', '_digits_demo'))
    relocated = relocate_data_roots(cfg, 'data/digits_demo', 'data/digits_mnistm_demo')
    cfg.merge_from_dict(dict(option.split('=', 1) for option in relocated))
    assert len(relocated) == (3 if 'oracle' in twin else 4)
    twin_values = flatten(twin_cfg.to_dict())
    assert twin_values.pop('digits_mnistm_root') == 'data/digits_mnistm_demo'
    assert twin_values == flatten(cfg.to_dict())


@pytest.fixture(scope='module')
def tiny_digits(tmp_path_factory):
    root = tmp_path_factory.mktemp('digits_demo')
    generate_digits_demo(str(root), num_source_train=64, num_source_test=16, seed=0)
    return root


@pytest.mark.slow
@pytest.mark.parametrize('config', DEMO_CONFIGS)
def test_demo_config_trains_two_iterations_and_is_evaluated(config, tiny_digits, tmp_path):
    cfg = read_config(REPO / config)
    options = relocate_data_roots(cfg, 'data/digits_demo', tiny_digits)
    assert len(options) == (3 if 'oracle' in config else 4)
    options += ['train_cfg.max_iters=2', 'train_cfg.val_interval=2',
                'train_dataloader.batch_size=4', 'default_hooks.logger.interval=1',
                'val_dataloader.dataset.indices=32', 'test_dataloader.dataset.indices=32']
    result = run_tool('train.py', config, '--work-dir', tmp_path, '--cfg-options', *options)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    lines = [line for line in log.splitlines() if 'Iter(train) [2/2]' in line]
    assert lines, log[-3000:]
    losses = LOSS.findall(lines[-1].split(']', 1)[1])
    assert losses and all(math.isfinite(float(value)) for _, value in losses), lines[-1]
    accuracy = re.findall(r'Iter\(val\).*accuracy: (\S+)', log)
    assert accuracy and 0.0 <= float(accuracy[-1]) <= 100.0
    if 'adr' in config:
        assert 'accuracy_clean' in log  # C' reported alongside C
    if 'symnets' in config:
        assert 'accuracy_source' in log  # Cs reported alongside Ct (SymNets Fig. 4)
    assert (tmp_path / 'iter_2.pth').is_file()


@pytest.mark.parametrize('config, source, target', [
    ('symnets_office31_amazon_to_webcam.py', 'dslr', 'amazon'),
    ('symnets_office_home_art_to_clipart.py', 'Product', 'Real_World'),
    ('symnets_imageclef_i_to_p.py', 'p', 'c')])
def test_office_tasks_switch_by_the_two_domain_names(config, source, target):
    """The README's recipe: another task of the same benchmark from the same config."""
    options = {'train_dataloader.dataset.source.domain': source,
               'train_dataloader.dataset.target.domain': target,
               'val_dataloader.dataset.domain': target, 'test_dataloader.dataset.domain': target}
    cfg = load_config(str(CONFIG_DIR / config), options)
    assert cfg.train_dataloader.dataset.source.domain == source
    assert cfg.train_dataloader.dataset.target.domain == target
    assert cfg.train_dataloader.dataset.target.with_labels is False
    assert cfg.val_dataloader.dataset.domain == cfg.test_dataloader.dataset.domain == target


def test_the_semi_supervised_run_adds_ten_labelled_target_images_per_class_to_the_source():
    """DANN Sec. 5.2.4 / Fig. 7: a few labelled target images join the label predictor's set."""
    cfg = read_config(REPO / 'configs/classification/dann_semisup10_digits_mnistm_demo.py')
    twin = read_config(REPO / 'configs/classification/dann_digits_mnistm_demo.py')
    source, labelled = cfg.train_dataloader.dataset.source.datasets
    assert source == twin.train_dataloader.dataset.source
    target = twin.train_dataloader.dataset.target
    assert (labelled.type, labelled.data_root, labelled.split) == (
        target.type, target.data_root, target.split)
    assert labelled.get('with_labels', True) and labelled.per_class == 10
    assert cfg.train_dataloader.dataset.target == target  # every target image, unlabelled
    assert cfg.model == twin.model and cfg.optim_wrapper == twin.optim_wrapper


def test_the_semi_supervised_baseline_sees_the_same_labelled_target_images():
    dann = read_config(REPO / 'configs/classification/dann_semisup10_digits_mnistm_demo.py')
    baseline = read_config(
        REPO / 'configs/classification/source_only_semisup10_digits_mnistm_demo.py')
    assert baseline.train_dataloader.dataset.source == dann.train_dataloader.dataset.source
    assert baseline.model.type == 'SourceOnly'


def test_the_target_domain_twin_only_marks_the_labelled_target_images_target():
    """The semi-supervised DANN whose domain classifier sees the 100 labelled target images
    as target (domain_label=1, d_i = 1 in DANN's domain loss); nothing else changes."""
    from helpers.config_snapshot import flatten
    twin = read_config(CONFIG_DIR / 'dann_semisup10_target_domain_digits_mnistm_demo.py')
    cfg = read_config(CONFIG_DIR / 'dann_semisup10_digits_mnistm_demo.py')
    twin_values = flatten(twin.to_dict())
    key = 'train_dataloader.dataset.source.datasets.1.domain_label'
    assert twin_values.pop(key) == 1
    assert twin_values.pop('labelled_target.domain_label') == 1
    assert twin_values == flatten(cfg.to_dict())


@pytest.fixture(scope='module')
def tiny_mnistm_digits(tmp_path_factory):
    root = tmp_path_factory.mktemp('digits_mnistm_demo')
    generate_digits_demo(str(root), num_source_train=200, num_source_test=16, seed=0,
                         target='mnistm')
    return root


@pytest.mark.slow
@pytest.mark.parametrize('config', SEMISUP_MNISTM_CONFIGS)
def test_semi_supervised_config_trains_two_iterations_and_is_evaluated(config,
                                                                        tiny_mnistm_digits,
                                                                        tmp_path):
    cfg = read_config(REPO / config)
    options = relocate_data_roots(cfg, 'data/digits_mnistm_demo', tiny_mnistm_digits)
    options += ['train_cfg.max_iters=2', 'train_cfg.val_interval=2',
                'train_dataloader.batch_size=4', 'default_hooks.logger.interval=1']
    result = run_tool('train.py', config, '--work-dir', tmp_path, '--cfg-options', *options)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    lines = [line for line in log.splitlines() if 'Iter(train) [2/2]' in line]
    assert lines, log[-3000:]
    losses = dict(LOSS.findall(lines[-1].split(']', 1)[1]))
    assert ('loss_domain' in losses) == ('/dann_' in config), lines[-1]
    assert all(math.isfinite(float(value)) for value in losses.values()), lines[-1]
    accuracy = re.findall(r'Iter\(val\).*accuracy: (\S+)', log)
    assert accuracy and 0.0 <= float(accuracy[-1]) <= 100.0
