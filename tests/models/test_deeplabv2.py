"""DeepLabv2: the dilated ResNet (output stride 8, layer3/layer4 dilations), the ASPP
(dilations 6, 12, 18, 24), logits at the input size, the hidden/classifier contract, ADR on it
and the DeepLabv2 configs."""
import math

import pytest
import torch
from torch import nn

import segda.methods  # noqa: F401  (registers the methods)
from segda.apis.config import read_config
from segda.engine.optim import PartsOptimWrapperConstructor
from segda.models.backbones import ResNet
from segda.models.decoders import DeepLabV2Decoder
from segda.registry import MODELS
from segda.structures import FeatureMaps

from helpers.cli import REPO

K = 5


def three_by_three_convs(layer):
    """(block index, conv2) of every bottleneck of a residual stage: its only 3x3 conv."""
    return [(index, block.conv2) for index, block in enumerate(layer)]


@pytest.fixture(scope='module')
def resnet101():
    return ResNet(depth=101, out_indices=(4,), output_stride=8).eval()


def test_resnet101_at_output_stride_8_dilates_layer3_by_2_and_layer4_by_4(resnet101):
    # torchvision's replace_stride_with_dilation: the first block of a dilated stage keeps the
    # previous stage's dilation (mmseg's contract_dilation), every later block has the new one.
    for layer, previous, dilation in ((resnet101.layer3, 1, 2), (resnet101.layer4, 2, 4)):
        assert [conv.dilation for _, conv in three_by_three_convs(layer)] == [
            (previous, previous)] + [(dilation, dilation)] * (len(layer) - 1)
        assert all(conv.padding == conv.dilation for _, conv in three_by_three_convs(layer))
        strided = [name for name, m in layer.named_modules()
                   if isinstance(m, nn.Conv2d) and m.stride != (1, 1)]
        assert strided == []
    assert len(resnet101.layer3) == 23 and len(resnet101.layer4) == 3  # ResNet-101
    assert resnet101.layer2[0].conv2.stride == (2, 2)  # layer2 still halves the resolution
    assert resnet101.strides == [8] and resnet101.out_channels == [2048]


@pytest.mark.parametrize('size', [(32, 48), (33, 47)])
def test_resnet101_deepest_map_is_at_an_eighth_of_the_input(resnet101, size):
    with torch.no_grad():
        (deepest,) = resnet101(torch.randn(1, 3, *size))
    assert deepest.shape == (1, 2048, math.ceil(size[0] / 8), math.ceil(size[1] / 8))


def test_output_stride_16_dilates_layer4_only_and_32_is_unchanged():
    resnet = ResNet(depth=50, output_stride=16)
    assert resnet.strides == [2, 4, 8, 16, 16]
    assert resnet.layer3[0].conv2.stride == (2, 2)
    assert [conv.dilation for _, conv in three_by_three_convs(resnet.layer4)] == [(1, 1)] + [
        (2, 2)] * 2
    plain = ResNet(depth=50)
    assert plain.strides == [2, 4, 8, 16, 32]
    assert all(m.dilation == (1, 1) for m in plain.modules() if isinstance(m, nn.Conv2d))


@pytest.mark.parametrize('kwargs, message', [(dict(depth=18, output_stride=8), 'depth 50'),
                                             (dict(depth=50, output_stride=4), '32, 16 or 8')])
def test_bad_output_strides_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ResNet(**kwargs)


def make_decoder(in_channels=16, **kwargs):
    torch.manual_seed(0)
    return DeepLabV2Decoder(in_channels, num_classes=K, **kwargs)


def test_aspp_has_four_3x3_branches_with_dilations_6_12_18_24_summed():
    decoder = make_decoder().eval()
    branches = decoder.classifier.branches
    assert decoder.classifier.dilations == (6, 12, 18, 24)
    assert [(b.kernel_size, b.dilation, b.padding) for b in branches] == [
        ((3, 3), (r, r), (r, r)) for r in (6, 12, 18, 24)]
    assert all(b.in_channels == 16 and b.out_channels == K for b in branches)
    x = torch.randn(2, 16, 5, 7)
    logits = decoder(FeatureMaps([x], (5, 7)))  # the map at the input size: no resampling
    torch.testing.assert_close(logits, sum(b(x) for b in branches))


@pytest.mark.parametrize('size', [(40, 64), (41, 67)])
def test_logits_have_exactly_the_input_size(size):
    decoder = make_decoder().eval()
    x = torch.randn(2, 16, math.ceil(size[0] / 8), math.ceil(size[1] / 8))
    logits = decoder(FeatureMaps([x], size))
    assert logits.shape == (2, K, *size)
    assert torch.equal(logits, decoder([x], out_size=size))


def test_decoder_is_classifier_of_hidden_and_the_dropout_lives_in_hidden():
    decoder = make_decoder(dropout=0.5)
    feats = FeatureMaps([torch.randn(2, 16, 6, 8)], (48, 64))
    decoder.eval()
    assert torch.equal(decoder(feats), decoder.classifier(decoder.hidden(feats)))
    decoder.train()
    assert decoder.has_dropout
    assert not torch.equal(decoder(feats), decoder(feats))  # two dropout samples differ
    assert not torch.equal(decoder.hidden(feats)[0], decoder.hidden(feats)[0])
    assert not any(isinstance(m, nn.Dropout) for m in decoder.classifier.modules())


def test_without_dropout_training_passes_are_equal():
    decoder = make_decoder(dropout=0.0).train()
    feats = FeatureMaps([torch.randn(1, 16, 4, 4)], (32, 32))
    assert not decoder.has_dropout
    assert torch.equal(decoder(feats), decoder(feats))


@pytest.mark.parametrize('call, message', [
    (lambda: make_decoder([8, 16]), 'out_indices'),
    (lambda: make_decoder(dropout=1.0), 'dropout'),
    (lambda: make_decoder(dilations=(6, 0)), 'dilations'),
    (lambda: make_decoder()([torch.randn(1, 16, 4, 4)]), 'out_size'),
])
def test_bad_arguments_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def adr(dropout):
    """ADR around a Segmentor with the DeepLabv2 decoder (a ResNet-18's layer4: cheap)."""
    torch.manual_seed(0)
    return MODELS.build(dict(
        type='ADR', generator_steps=2, data_preprocessor=dict(type='SegDataPreProcessor'),
        task=dict(type='Segmentor', num_classes=K,
                  backbone=dict(type='ResNet', depth=18, out_indices=(4,)),
                  decoder=dict(type='DeepLabV2Decoder', dropout=dropout)))).train()


def test_adr_trains_on_deeplabv2_and_refuses_it_without_dropout():
    with pytest.raises(ValueError, match='dropout'):
        adr(0.0)
    model = adr(0.5)
    size = (32, 48)
    images = torch.randint(0, 256, (2, 2, 3, *size), dtype=torch.uint8)
    labels = torch.randint(0, K, (2, *size), dtype=torch.uint8)
    samples = [dict(img_shape=size, ori_shape=size) for _ in range(2)]
    data = dict(source=dict(inputs=images[0], data_samples=[
                    dict(s, gt_seg=label) for s, label in zip(samples, labels)]),
                target=dict(inputs=images[1], data_samples=samples))
    sgd = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.01))
    before = [p.detach().clone() for p in model.task.head.parameters()]
    log_vars = model.train_step(data, PartsOptimWrapperConstructor(
        {name: sgd for name in model.parts()})(model))
    assert log_vars['sensitivity_critic'] > 0  # the two dropout samples of C differ
    assert all(math.isfinite(float(value)) for value in log_vars.values())
    assert any(not torch.equal(a, b) for a, b in zip(before, model.task.head.parameters()))
    hidden, classifier = model.task.narrow_split()
    assert hidden is model.task.head.hidden and classifier is model.task.head.classifier


@pytest.mark.parametrize('config', ['source_only_deeplabv2_gta5.py', 'dann_deeplabv2_gta5.py',
                                    'adr_deeplabv2_gta5.py', 'source_only_deeplabv2_synthcity.py',
                                    'adr_deeplabv2_synthcity.py'])
def test_deeplabv2_configs_build_the_model_they_describe(config):
    cfg = read_config(REPO / 'configs' / config)
    cfg.model.task.backbone.pretrained = None  # no ImageNet file on a test machine
    model = MODELS.build(cfg.model)
    backbone, head = model.task.generator, model.task.head
    assert backbone.strides == [8]
    assert backbone.layer4[-1].conv2.dilation == (4, 4)
    assert isinstance(head, DeepLabV2Decoder) and head.has_dropout
    assert head.classifier.dilations == (6, 12, 18, 24) and head.num_classes == 19
    depth = 101 if config.endswith('_gta5.py') else 50
    assert len(backbone.layer3) == {101: 23, 50: 6}[depth]
    assert backbone.frozen_bn == (depth == 101)  # ImageNet statistics; from scratch BN trains
    if config.endswith('_gta5.py'):
        source = cfg.train_dataloader.dataset
        source = source.get('source', source)
        # DAFormer's GTA5 pipeline as its code has it: no rescale, colours left to the method
        assert [t['type'] for t in source.pipeline][2:] == [
            'Resize', 'CatMaxRatioCrop', 'RandomFlip', 'PackSegInputs']
