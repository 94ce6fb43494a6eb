"""Finding, checking and moving the dataset roots nested in a config's dataloaders."""
import pytest
from mmengine.config import Config

from segda.apis import check_data_roots, datasets_with_root, relocate_data_roots
from segda.apis.config import read_config
from segda.apis.data_roots import config_datasets


def roots(cfg, loader):
    """``{dotted key of data_root: root}`` of one loader."""
    return {f'{key}.data_root': dataset['data_root']
            for key, dataset in datasets_with_root(cfg[loader], loader)}


def concat_config(tmp_path):
    """A train set that is a ConcatDataset list, one item in a domain pair's source."""
    return Config(dict(train_dataloader=dict(dataset=dict(
        type='DomainPairDataset',
        source=dict(type='ConcatDataset', datasets=[
            dict(type='GTA5Dataset', data_root=str(tmp_path / 'data/synthcity/gta5')),
            dict(type='GTA5Dataset', data_root=str(tmp_path / 'data/gta5'))]),
        target=dict(type='CityscapesDataset', data_root=str(tmp_path / 'data/cityscapes'))))))


def test_finds_nested_roots_of_a_domain_pair():
    cfg = read_config('configs/adr_fcn_synthcity.py')
    assert roots(cfg, 'train_dataloader') == {
        'train_dataloader.dataset.source.data_root': 'data/synthcity/gta5',
        'train_dataloader.dataset.target.data_root': 'data/synthcity/cityscapes'}


def test_the_walker_recurses_into_lists(tmp_path):
    cfg = concat_config(tmp_path)
    assert list(roots(cfg, 'train_dataloader')) == [
        'train_dataloader.dataset.source.datasets.0.data_root',
        'train_dataloader.dataset.source.datasets.1.data_root',
        'train_dataloader.dataset.target.data_root']


def test_relocation_reaches_a_dataset_inside_a_list(tmp_path):
    cfg = concat_config(tmp_path)
    options = relocate_data_roots(cfg, str(tmp_path / 'data'), '/elsewhere')
    assert len(options) == 3
    cfg.merge_from_dict(dict(option.split('=', 1) for option in options))
    assert cfg.train_dataloader.dataset.source.datasets[1].data_root == '/elsewhere/gta5'
    assert sorted(roots(cfg, 'train_dataloader').values()) == [
        '/elsewhere/cityscapes', '/elsewhere/gta5', '/elsewhere/synthcity/gta5']


def test_relocated_options_apply_to_every_loader():
    cfg = read_config('configs/adr_fcn_synthcity.py')
    options = relocate_data_roots(cfg, 'data/synthcity', '/tmp/small')
    assert 'val_dataloader.dataset.data_root=/tmp/small/cityscapes' in options
    assert 'test_dataloader.dataset.data_root=/tmp/small/cityscapes' in options
    cfg.merge_from_dict(dict(option.split('=', 1) for option in options))
    found = [dataset['data_root'] for _, dataset in config_datasets(cfg)]
    assert len(found) == 4 and all(root.startswith('/tmp/small/') for root in found)


def test_roots_outside_the_old_prefix_are_left_alone():
    cfg = read_config('configs/source_only_fcn_gta5.py')
    assert relocate_data_roots(cfg, 'data/synthcity', '/tmp/small') == []


def test_the_existence_check_finds_a_missing_root_inside_a_list(tmp_path):
    cfg = concat_config(tmp_path)
    (tmp_path / 'data/synthcity/gta5').mkdir(parents=True)
    (tmp_path / 'data/cityscapes').mkdir()
    with pytest.raises(FileNotFoundError, match=r'datasets\.1\.data_root') as error:
        check_data_roots(cfg)
    assert 'docs/datasets.md ("Getting the data")' in str(error.value)


@pytest.mark.parametrize('dataset, hint', [
    (dict(type='GTA5Dataset', data_root='data/synthcity/gta5'),
     '`python tools/make_synthcity.py --out data/synthcity`'),
    (dict(type='MNISTMDataset', data_root='data/digits_mnistm_demo/target'),
     '`python tools/make_digits.py --target mnistm --out data/digits_mnistm_demo`'),
    (dict(type='MNISTDataset', data_root='data/digits_demo/source'),
     '`python tools/make_digits.py --target handwriting --out data/digits_demo`'),
    (dict(type='VIPeRDataset', data_root='data/pedestrians_demo/viper'),
     '`python tools/make_pedestrians.py --out data/pedestrians_demo`'),
    (dict(type='SVHNDataset', data_root='data/svhn'), '("Classification datasets")'),
    (dict(type='Market1501Dataset', data_root='data/market1501'),
     '("Person re-identification datasets")'),
    (dict(type='CityscapesDataset', data_root='data/cityscapes'), '("Getting the data")'),
])
def test_a_missing_root_says_how_to_get_its_data(tmp_path, monkeypatch, dataset, hint):
    """The embedded sets name the tool that makes them; real data the docs of its kind
    (a re-ID or digits user is not told to make SynthCity)."""
    monkeypatch.chdir(tmp_path)
    cfg = Config(dict(test_dataloader=dict(dataset=dataset)))
    with pytest.raises(FileNotFoundError) as error:
        check_data_roots(cfg)
    message = str(error.value)
    assert dataset['data_root'] in message and hint in message
    assert 'test_dataloader.dataset.data_root' in message
    assert ('synthcity' in message) == ('synthcity' in dataset['data_root'])
