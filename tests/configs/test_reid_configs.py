"""configs/reid: every config builds its model; the target's training and test parts come
from one root and split seed; DANN's re-ID set-up (Sec. 5.3.2); a 2-iteration train of
each embedded config through tools/train.py on tiny pedestrians, its split records,
tools/test.py scoring ReIDMetric, and tools/analysis/cmc_plot.py drawing the curves."""
import json
from pathlib import Path

import pytest

from segda.apis.config import read_config
from segda.registry import MODELS

from helpers.cli import REPO, run_tool
from helpers.reid_layouts import tiny_pedestrian_options

CONFIGS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / 'configs' / 'reid').glob('*.py'))
PAIRS = [c for c in CONFIGS if not Path(c).name.startswith('oracle_')]
EMBEDDED = [c for c in CONFIGS if c.endswith('_pedestrians_demo.py')]


def test_every_reid_config_is_found():
    names = {Path(c).stem for c in CONFIGS}
    for pair in ('cuhk01_to_viper', 'viper_to_prid2011', 'cuhk02_to_viper', 'prid2011_to_viper',
                 'cuhk02_to_prid2011', 'cuhk01_to_prid2011', 'viper_to_cuhk01',
                 'prid2011_to_cuhk01', 'market1501_to_viper', 'pedestrians_demo'):
        assert {f'source_only_{pair}', f'dann_{pair}'} <= names
    assert 'oracle_pedestrians_demo' in names


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_its_model(config):
    cfg = read_config(REPO / config)
    model = MODELS.build(cfg.model)
    assert type(model.task).__name__ == 'ReIDTask' and model.task.descriptor_dim == 500
    assert cfg.val_evaluator.type == cfg.test_evaluator.type == 'ReIDMetric'
    assert cfg.custom_hooks == [dict(type='ReIDSplitRecordHook')]


def dataset_keys(dataset):
    return {key: value for key, value in dataset.items()
            if key not in ('split', 'pipeline', 'test_mode', 'with_labels')}


@pytest.mark.parametrize('config', PAIRS)
def test_target_train_and_test_share_root_and_seed(config):
    cfg = read_config(REPO / config)
    target = cfg.train_dataloader.dataset.target
    assert target.split == 'train' and cfg.val_dataloader.dataset.split == 'test'
    assert dataset_keys(target) == dataset_keys(cfg.val_dataloader.dataset) \
        == dataset_keys(cfg.test_dataloader.dataset)
    assert cfg.train_dataloader.dataset.source.data_root != target.data_root
    sampler = cfg.train_dataloader.sampler
    assert sampler.type == 'PKDomainPairSampler'
    assert cfg.train_dataloader.batch_size == sampler.num_identities * sampler.num_instances


def test_oracle_trains_on_the_target_training_part():
    cfg = read_config(REPO / 'configs/reid/oracle_pedestrians_demo.py')
    assert cfg.train_dataloader.dataset.split == 'train'
    assert dataset_keys(cfg.train_dataloader.dataset) == dataset_keys(cfg.val_dataloader.dataset)
    assert cfg.train_dataloader.sampler.type == 'PKSampler'


@pytest.mark.parametrize('config', [c for c in PAIRS if 'pedestrians' not in c])
def test_paper_schedule(config):
    """Sec. 5.3.2: SGD lr 0.001 fixed, momentum 0.9, 128 + 128 images; Sec. 5.3.3: 20k or
    50k iterations, named in the header with the figure."""
    cfg = read_config(REPO / config)
    for part in ('generator', 'head') + (('discriminator',) if 'dann_' in config else ()):
        assert cfg.optim_wrapper[part].optimizer == dict(type='SGD', lr=0.001, momentum=0.9)
    assert cfg.param_scheduler == []
    assert cfg.train_dataloader.batch_size == 128
    header = (REPO / config).read_text().split('_base_')[0]
    assert 'Fig. 9' in header or 'Not in the paper' in header
    assert f'{cfg.train_cfg.max_iters:,}' in header
    if 'dann_' in config:
        assert cfg.model.discriminator == dict(type='MLPDiscriminator', hidden=(500,))


# Sec. 5.3.3: 50,000 iterations for the three hardest pairs of Fig. 9, 20,000 for the others.
LONG_PAIRS = ('cuhk01_to_viper', 'viper_to_cuhk01', 'prid2011_to_viper')


@pytest.mark.parametrize('config', [c for c in PAIRS if 'pedestrians' not in c
                                    and 'market1501' not in c])
def test_each_figure_9_pair_trains_as_long_as_the_paper_says(config):
    pair = Path(config).stem.split('_', 1)[1].replace('only_', '')
    expected = 50000 if pair in LONG_PAIRS else 20000
    assert read_config(REPO / config).train_cfg.max_iters == expected


@pytest.mark.slow
@pytest.mark.parametrize('config', EMBEDDED)
def test_two_iteration_train_of_each_embedded_config(config, tiny_pedestrians, tmp_path):
    work = tmp_path / 'work'
    result = run_tool('train.py', config, '--work-dir', work, '--cfg-options',
                      *tiny_pedestrian_options(config, tiny_pedestrians),
                      f'val_evaluator.curve_path={work / "cmc.json"}')
    assert result.returncode == 0, result.stderr[-3000:]
    assert (work / 'iter_2.pth').is_file()
    curve = json.loads((work / 'cmc.json').read_text())
    assert curve['num_queries'] == 4 and curve['num_gallery'] == 6  # 4 probes; 4 + 2 in B
    assert set(curve['metrics']) == {'rank1', 'rank5', 'rank10', 'rank20', 'mAP'}
    records = sorted(p.name for p in work.glob('reid_split_*.json'))
    test_record = json.loads((work / 'reid_split_PRID2011Dataset_test_seed0.json').read_text())
    trained = json.loads((work / 'reid_split_PRID2011Dataset_train_seed0.json').read_text())
    assert test_record['parts'] == trained['parts']  # one split for training and testing
    assert not set(test_record['parts']['train']['identities']) & \
        set(test_record['parts']['query']['identities'])
    if 'oracle_' not in config:
        assert 'reid_split_VIPeRDataset_train_seed0.json' in records
    if 'oracle_' in config:  # tools/test.py scores the checkpoint with ReIDMetric
        result = run_tool('test.py', config, work / 'iter_2.pth', '--work-dir', tmp_path / 'test',
                          '--cfg-options', *tiny_pedestrian_options(config, tiny_pedestrians),
                          f'test_evaluator.curve_path={tmp_path / "test" / "cmc.json"}')
        assert result.returncode == 0, result.stderr[-3000:]
        assert 'rank1' in result.stdout + result.stderr
        tested = json.loads((tmp_path / 'test' / 'cmc.json').read_text())
        assert tested['metrics'] == pytest.approx(curve['metrics'])  # the same weights
