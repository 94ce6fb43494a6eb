"""Finding and moving the dataset roots nested in a config's dataloaders."""
from mmengine.config import Config

from segda.apis.data_roots import data_root_items, relocate_data_roots


def test_finds_nested_roots_of_a_domain_pair():
    cfg = Config.fromfile('configs/adr_fcn_synthcity.py')
    items = dict(data_root_items(cfg.train_dataloader, 'train_dataloader'))
    assert items == {
        'train_dataloader.dataset.source.data_root': 'data/synthcity/gta5',
        'train_dataloader.dataset.target.data_root': 'data/synthcity/cityscapes'}


def test_relocated_options_apply_to_every_loader():
    cfg = Config.fromfile('configs/adr_fcn_synthcity.py')
    options = relocate_data_roots(cfg, 'data/synthcity', '/tmp/small')
    assert 'val_dataloader.dataset.data_root=/tmp/small/cityscapes' in options
    assert 'test_dataloader.dataset.data_root=/tmp/small/cityscapes' in options
    cfg.merge_from_dict(dict(option.split('=', 1) for option in options))
    roots = [root for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader')
             for _, root in data_root_items(cfg[loader], loader)]
    assert len(roots) == 4 and all(root.startswith('/tmp/small/') for root in roots)


def test_roots_outside_the_old_prefix_are_left_alone():
    cfg = Config.fromfile('configs/source_only_fcn_gta5.py')
    assert relocate_data_roots(cfg, 'data/synthcity', '/tmp/small') == []
