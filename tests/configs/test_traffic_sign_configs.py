"""The Syn Signs -> GTSRB configs (DANN JMLR 2016 Sec. 5.2.4, Table 2, Fig. 7): the GTSRB
network on 40 x 40 inputs, adaptation and evaluation on the two disjoint parts of one draw of
GTSRB's training images, the 430 labelled target images of the semi-supervised pair drawn
from the adaptation part; each config trains two iterations through tools/train.py on tiny
folders in the archives' layouts and is evaluated. Found by glob, so a new one is covered."""
import math
import re

import pytest

from segda.apis import load_config, relocate_data_roots
from segda.apis.config import read_config
from segda.apis.data_roots import config_datasets

from helpers.cli import REPO, run_tool
from helpers.traffic_sign_files import make_gtsrb, make_syn_signs

CONFIGS = sorted(path.relative_to(REPO).as_posix()
                 for path in (REPO / 'configs' / 'classification').glob('*_synsigns_to_gtsrb.py'))
FIG_7 = {'source_only_synsigns_to_gtsrb': 'Syn', 'dann_synsigns_to_gtsrb': 'Syn Adapted',
         'source_only_semisup430_synsigns_to_gtsrb': 'Syn + Real',
         'dann_semisup430_synsigns_to_gtsrb': 'Syn + Real Adapted'}
LOSS = re.compile(r'(loss_\w+): (\S+)')
# docs/benchmarks.md: the labelled GTSRB images seen as target by DANN's domain classifier.
TARGET_DOMAIN_OPTION = 'train_dataloader.dataset.source.datasets.1.domain_label=1'
RUNS = [(config, ()) for config in CONFIGS] + [
    ('configs/classification/dann_semisup430_synsigns_to_gtsrb.py', (TARGET_DOMAIN_OPTION,))]


def load(name):
    return read_config(REPO / 'configs' / 'classification' / f'{name}.py')


def gtsrb_sets(cfg):
    """``{dotted key: dataset config}`` of every GTSRB dataset of the loaders."""
    return {key: dataset for key, dataset in config_datasets(cfg)
            if dataset['type'] == 'GTSRBDataset'}


def test_fig_7s_four_runs_exist():
    assert {path.rsplit('/', 1)[1][:-3] for path in CONFIGS} == set(FIG_7)


@pytest.mark.parametrize('config', CONFIGS)
def test_the_gtsrb_network_adapts_on_one_part_and_is_evaluated_on_the_other(config):
    cfg = read_config(REPO / config)
    task = cfg.model.task
    assert (task.backbone.arch, task.head.arch, task.num_classes) == (
        'dann_gtsrb', 'dann_gtsrb', 43)
    sets = gtsrb_sets(cfg)
    target, test = cfg.train_dataloader.dataset.target, cfg.val_dataloader.dataset
    assert (target.part, target.with_labels, test.part) == ('adapt', False, 'held_out')
    assert test == cfg.test_dataloader.dataset
    # one draw (DANN Sec. 5.2.4: 31,367 random training images; the rest for evaluation)
    assert {(s.split, s.num_adapt, s.split_seed) for s in sets.values()} == {
        ('train', 31367, 0)}
    for _, dataset in config_datasets(cfg):
        assert dataset.pipeline[0] == dict(type='Resize', scale=(40, 40)), dataset.type
    source = cfg.train_dataloader.dataset.source
    sources = source.datasets if source.type == 'ConcatDataset' else [source]
    assert sources[0].type == 'SynSignsDataset' and 'indices' not in sources[0]  # all 100,000


@pytest.mark.parametrize('method', ['dann', 'source_only'])
def test_the_semi_supervised_runs_add_430_adaptation_images_to_the_source(method):
    """Fig. 7: "we reveal 430 labeled examples (10 samples per class) and add them to the
    training set for the label predictor"; the rest of the twin is unchanged."""
    cfg = load(f'{method}_semisup430_synsigns_to_gtsrb')
    twin = load(f'{method}_synsigns_to_gtsrb')
    source, labelled = cfg.train_dataloader.dataset.source.datasets
    assert source == twin.train_dataloader.dataset.source
    target = twin.train_dataloader.dataset.target
    assert labelled.per_class == 10 and labelled.get('with_labels', True)
    assert {key: value for key, value in labelled.items()
            if key not in ('per_class', 'per_class_seed')} == {
        key: value for key, value in target.items() if key != 'with_labels'}
    assert cfg.train_dataloader.dataset.target == target  # all 31,367, unlabelled
    assert cfg.val_dataloader == twin.val_dataloader
    assert cfg.model == twin.model and cfg.optim_wrapper == twin.optim_wrapper


def test_one_option_marks_the_430_labelled_images_target_for_the_domain_classifier():
    key, value = TARGET_DOMAIN_OPTION.split('=')
    cfg = load_config(str(REPO / 'configs/classification/dann_semisup430_synsigns_to_gtsrb.py'),
                      {key: int(value)})
    source, labelled = cfg.train_dataloader.dataset.source.datasets
    assert (labelled.type, labelled.per_class, labelled.domain_label) == ('GTSRBDataset', 10, 1)
    assert 'domain_label' not in source


@pytest.fixture(scope='module')
def tiny_signs(tmp_path_factory):
    root = tmp_path_factory.mktemp('signs')
    make_gtsrb(root / 'gtsrb')  # 3 classes x 3 training images of 6 x 5
    make_syn_signs(root / 'syn_signs')
    return root


@pytest.mark.slow
@pytest.mark.parametrize('config, extra_options', RUNS)
def test_config_trains_two_iterations_on_tiny_sign_folders_and_is_evaluated(
        config, extra_options, tiny_signs, tmp_path):
    cfg = read_config(REPO / config)
    options = (relocate_data_roots(cfg, 'data/gtsrb', tiny_signs / 'gtsrb')
               + relocate_data_roots(cfg, 'data/syn_signs', tiny_signs / 'syn_signs'))
    for key, dataset in gtsrb_sets(cfg).items():
        options.append(f'{key}.num_adapt=6')  # 6 of the 9 images adapt, 3 are evaluated
        if 'per_class' in dataset:
            options.append(f'{key}.per_class=1')
    options += ['train_cfg.max_iters=2', 'train_cfg.val_interval=2',
                'train_dataloader.batch_size=4', 'default_hooks.logger.interval=1',
                *extra_options]
    result = run_tool('train.py', config, '--work-dir', tmp_path, '--cfg-options', *options)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    lines = [line for line in log.splitlines() if 'Iter(train) [2/2]' in line]
    assert lines, log[-3000:]
    losses = dict(LOSS.findall(lines[-1].split(']', 1)[1]))
    assert 'loss_task' in losses and ('loss_domain' in losses) == config.startswith(
        'configs/classification/dann_'), lines[-1]
    assert all(math.isfinite(float(value)) for value in losses.values()), lines[-1]
    accuracy = re.findall(r'Iter\(val\).*accuracy: (\S+)', log)
    assert accuracy and 0.0 <= float(accuracy[-1]) <= 100.0
