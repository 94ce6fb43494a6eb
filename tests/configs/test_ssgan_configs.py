"""The semi-supervised GAN configs state Table 4's conditions (ADR Sec. 4.3, appendix E):
labels per class, batch 100, Adam 2e-4, Salimans et al.'s critic (BatchNorm on SVHN, the
conv6 classifier on CIFAR-10), and the embedded pair compares with its labelled-only twin."""
import pytest

from segda.apis.config import read_config

from helpers.cli import REPO

CLS = REPO / 'configs' / 'classification'


@pytest.mark.parametrize('name, per_class, widths, norm, clean_layer', [
    ('adr_ssgan_svhn_1000labels.py', 100, (64, 128), 'batch_norm', None),
    ('adr_ssgan_cifar10_4000labels.py', 400, (96, 192), 'weight_norm', 'conv6'),
])
def test_table_4_configs_state_the_paper_conditions(name, per_class, widths, norm, clean_layer):
    cfg = read_config(CLS / name)
    model, loader = cfg.model, cfg.train_dataloader
    assert model.type == 'ADRSemiSupervisedGAN' and model.clean_layer == clean_layer
    assert tuple(model.task.backbone.widths) == widths and model.task.backbone.norm == norm
    assert (model.task.backbone.input_dropout, model.task.backbone.dropout) == (0.2, 0.5)
    assert tuple(model.image_generator.widths) == (512, 256, 128)
    assert loader.batch_size == 100
    source, target = loader.dataset.source, loader.dataset.target
    assert source.type == 'LabelledSubsetDataset' and source.num_per_class == per_class
    assert target.with_labels is False and target.split == 'train'
    for part in ('generator', 'head', 'image_generator'):
        optimizer = cfg.optim_wrapper[part].optimizer
        assert (optimizer.type, optimizer.lr) == ('Adam', 2e-4), part
    assert ('clean_head' in cfg.optim_wrapper) == (clean_layer is not None)


def test_the_embedded_pair_differs_from_its_labelled_only_twin_in_the_method_alone():
    adr = read_config(CLS / 'adr_ssgan_digits_demo.py')
    baseline = read_config(CLS / 'labelled_only_ssgan_digits_demo.py')
    assert baseline.model.type == 'SourceOnly'
    assert baseline.model.task == adr.model.task
    assert baseline.train_dataloader == adr.train_dataloader
    assert baseline.train_cfg == adr.train_cfg
    assert adr.train_dataloader.dataset.source.num_per_class == 10  # 100 labels
