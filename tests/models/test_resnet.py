"""ResNet backbone: maps, strides, channels, BatchNorm freezing, offline pretrained loading."""
import math
import os.path as osp

import pytest
import torch
import torchvision

from segda.models.backbones import ResNet, load_pretrained

HEIGHT, WIDTH = 32, 64


@pytest.mark.parametrize('depth, channels', [(18, [64, 64, 128, 256, 512]),
                                             (50, [64, 256, 512, 1024, 2048])])
def test_maps_have_the_documented_strides_and_channels(depth, channels):
    model = ResNet(depth=depth).eval()
    maps = model(torch.randn(1, 3, HEIGHT, WIDTH))
    assert model.out_channels == channels
    assert model.strides == [2, 4, 8, 16, 32]
    assert [m.shape[1] for m in maps] == channels
    assert [tuple(m.shape[-2:]) for m in maps] == [
        (math.ceil(HEIGHT / s), math.ceil(WIDTH / s)) for s in model.strides]


def test_out_indices_select_maps_and_drop_unused_stages():
    model = ResNet(depth=18, out_indices=(1, 3))
    maps = model(torch.randn(2, 3, HEIGHT, WIDTH))
    assert [m.shape[1] for m in maps] == model.out_channels == [64, 256]
    assert [m.shape[-1] for m in maps] == [WIDTH // 4, WIDTH // 16]
    assert not hasattr(model, 'layer4')


@pytest.mark.parametrize('kwargs', [dict(depth=20), dict(out_indices=(3, 1)),
                                    dict(out_indices=(0, 5)), dict(out_indices=())])
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        ResNet(**kwargs)


def test_frozen_bn_stays_in_eval_and_does_not_train():
    model = ResNet(depth=18, frozen_bn=True).train()
    norms = model.batch_norms()
    assert norms and all(not norm.training for norm in norms)
    assert all(not p.requires_grad for norm in norms for p in norm.parameters())
    assert model.conv1.weight.requires_grad and model.layer1.training
    before = model.bn1.running_mean.clone()
    model(torch.randn(2, 3, HEIGHT, WIDTH) * 5 + 3)
    assert torch.equal(model.bn1.running_mean, before)


def test_norm_eval_keeps_statistics_but_trains_affine_parameters():
    model = ResNet(depth=18, norm_eval=True).train()
    assert all(not norm.training for norm in model.batch_norms())
    assert model.bn1.weight.requires_grad


def test_pretrained_from_a_local_file(tmp_path):
    torch.manual_seed(1)
    reference = torchvision.models.resnet18(weights=None)
    path = tmp_path / 'r18.pth'
    torch.save(reference.state_dict(), path)

    model = ResNet(depth=18, pretrained=str(path))

    assert torch.equal(model.conv1.weight, reference.conv1.weight)
    assert torch.equal(model.layer4[1].bn2.running_var, reference.layer4[1].bn2.running_var)


def test_pretrained_accepts_a_state_dict_entry_and_prefixes(tmp_path):
    reference = torchvision.models.resnet18(weights=None)
    wrapped = {'module.backbone.' + key: value for key, value in reference.state_dict().items()}
    path = tmp_path / 'wrapped.pth'
    torch.save(dict(state_dict=wrapped, meta=dict(epoch=3)), path)

    model = ResNet(depth=18)
    load_pretrained(model, str(path))

    assert torch.equal(model.layer2[0].conv1.weight, reference.layer2[0].conv1.weight)


def test_pretrained_without_a_matching_key_is_an_error(tmp_path):
    path = tmp_path / 'other.pth'
    torch.save(dict(weight=torch.zeros(3)), path)
    with pytest.raises(ValueError, match='none of its 1 tensors'):
        ResNet(depth=18, pretrained=str(path))


def test_torchvision_name_reads_the_torch_hub_cache_and_never_downloads(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, 'get_dir', lambda: str(tmp_path))
    file_name = osp.basename(torchvision.models.ResNet18_Weights.IMAGENET1K_V1.url)
    expected = tmp_path / 'checkpoints' / file_name

    with pytest.raises(FileNotFoundError) as error:
        ResNet(depth=18, pretrained='torchvision://resnet18')
    message = str(error.value)
    assert str(expected) in message
    assert "torchvision.models.resnet18(weights='IMAGENET1K_V1')" in message
    assert '--cfg-options model.task.backbone.pretrained=None' in message

    reference = torchvision.models.resnet18(weights=None)
    expected.parent.mkdir()
    torch.save(reference.state_dict(), expected)
    model = ResNet(depth=18, pretrained='torchvision://resnet18')
    assert torch.equal(model.layer3[0].conv2.weight, reference.layer3[0].conv2.weight)


def test_missing_local_file_names_it(tmp_path):
    path = tmp_path / 'nowhere.pth'
    with pytest.raises(FileNotFoundError, match='nowhere.pth') as error:
        ResNet(depth=18, pretrained=str(path))
    assert 'model.task.backbone.pretrained=None' in str(error.value)


def test_torchvision_name_must_match_the_depth():
    with pytest.raises(ValueError, match='torchvision://resnet18'):
        ResNet(depth=18, pretrained='torchvision://resnet50')
