"""DAFormer's decoder: stride-4 scores upsampled to the input, the depthwise-separable ASPP
(dilations 1, 6, 12, 18), the hidden/classifier contract, and the DAFormer model bases (MiT-B5
as published; MiT-B0 from scratch training a Segmentor on a 64x64 batch)."""
import math

import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from torch import nn

import segda.methods  # noqa: F401  (registers the methods the model bases name)
from segda.apis.config import read_config
from segda.models.backbones import MixVisionTransformer
from segda.models.decoders import DAFormerHead
from segda.registry import MODELS
from segda.structures import FeatureMaps

from helpers.cli import REPO

K = 5
B0_CHANNELS = [32, 64, 160, 256]


def make_head(**kwargs):
    torch.manual_seed(0)
    kwargs = dict(dict(embed_dims=16, channels=8), **kwargs)
    return DAFormerHead(B0_CHANNELS, num_classes=K, **kwargs)


def mit_like_maps(size, batch=2):
    """Random maps shaped as MiT-B0's for an input of ``size``."""
    rows, cols = [(s - 1) // 4 + 1 for s in size]
    maps = []
    for channels in B0_CHANNELS:
        maps.append(torch.randn(batch, channels, rows, cols))
        rows, cols = math.ceil(rows / 2), math.ceil(cols / 2)
    return FeatureMaps(maps, size)


@pytest.mark.parametrize('size', [(64, 64), (33, 47)])
def test_scores_are_at_stride_4_and_logits_at_the_input_size(size):
    head = make_head().eval()
    feats = mit_like_maps(size)
    scores = head.classifier.scores(head.hidden(feats))
    assert scores.shape == (2, K, *feats[0].shape[-2:])  # stride 4 of the input
    logits = head(feats)
    assert logits.shape == (2, K, *size)
    torch.testing.assert_close(logits, F.interpolate(scores, size=size, mode='bilinear'))
    assert torch.equal(head(list(feats), out_size=size), logits)


def test_aspp_branches_are_1x1_then_depthwise_separable_with_dilations_6_12_18():
    head = make_head()
    fused = 4 * 16
    assert len(head.hidden.embed) == 4 and all(
        e.kernel_size == (1, 1) and e.out_channels == 16 for e in head.hidden.embed)
    one_by_one, *separable = head.hidden.aspp
    convs = [m for m in one_by_one if isinstance(m, nn.Conv2d)]
    assert [(c.kernel_size, c.in_channels, c.out_channels) for c in convs] == [
        ((1, 1), fused, 8)]
    for branch, rate in zip(separable, (6, 12, 18)):
        depthwise, pointwise = [m for m in branch if isinstance(m, nn.Conv2d)]
        assert depthwise.groups == depthwise.in_channels == depthwise.out_channels == fused
        assert depthwise.kernel_size == (3, 3)
        assert depthwise.dilation == depthwise.padding == (rate, rate)
        assert pointwise.kernel_size == (1, 1) and pointwise.out_channels == 8
        assert sum(isinstance(m, nn.BatchNorm2d) for m in branch) == 2
        assert sum(isinstance(m, nn.ReLU) for m in branch) == 2
    bottleneck = head.hidden.bottleneck[0]
    assert bottleneck.kernel_size == (3, 3) and bottleneck.in_channels == 4 * 8
    assert head.classifier.conv_seg.kernel_size == (1, 1)


def test_decoder_is_classifier_of_hidden_and_the_dropout_lives_in_hidden():
    head = make_head()
    feats = mit_like_maps((32, 32))
    head.eval()
    assert torch.equal(head(feats), head.classifier(head.hidden(feats)))
    head.train()
    assert head.has_dropout and isinstance(head.hidden.dropout, nn.Dropout2d)
    assert head.hidden.dropout.p == 0.1
    assert not torch.equal(head(feats), head(feats))
    assert not any(isinstance(m, nn.Dropout2d) for m in head.classifier.modules())
    assert not make_head(dropout=0.0).has_dropout


@pytest.mark.parametrize('call, message', [
    (lambda: make_head(dropout=1.0), 'dropout'),
    (lambda: make_head(dilations=(1, 0)), 'dilations'),
    (lambda: make_head(channels=0), 'channels'),
    (lambda: make_head()(list(mit_like_maps((32, 32)))), 'out_size'),
    (lambda: make_head()(FeatureMaps(mit_like_maps((32, 32))[:3], (32, 32))), '4 maps'),
])
def test_bad_arguments_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def model_base(name):
    return read_config(REPO / 'configs' / '_base_' / 'models' / name).model


def test_the_mitb5_base_is_daformers_network():
    cfg = model_base('daformer_mitb5.py')
    assert cfg.task.backbone == dict(type='MixVisionTransformer', arch='b5',
                                     pretrained='pretrained/mit_b5.pth', drop_path_rate=0.1)
    assert cfg.task.num_classes == 19
    cfg.task.backbone.pretrained = None  # no ImageNet file on a test machine
    init_default_scope('segda')
    task = MODELS.build(cfg).task
    assert isinstance(task.generator, MixVisionTransformer) and task.generator.arch == 'b5'
    head = task.head
    assert isinstance(head, DAFormerHead) and head.in_channels == [64, 128, 320, 512]
    assert [e.out_channels for e in head.hidden.embed] == [256] * 4
    assert head.hidden.bottleneck[0].out_channels == 256 and head.num_classes == 19
    assert [b[0].dilation[0] for b in head.hidden.aspp] == [1, 6, 12, 18]
    assert head.hidden.dropout.p == 0.1


def test_the_mitb5_base_without_the_weights_file_says_where_to_get_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no pretrained/mit_b5.pth here
    cfg = model_base('daformer_mitb5.py')
    with pytest.raises(FileNotFoundError, match='mit_b5.pth'):
        MODELS.build(cfg.task.backbone)


def test_a_segmentor_from_the_b0_scratch_base_trains_and_predicts(one_thread):
    cfg = model_base('daformer_mitb0_scratch.py')
    init_default_scope('segda')
    torch.manual_seed(0)
    task = MODELS.build(cfg.task).train()
    assert task.generator.arch == 'b0' and task.head.num_classes == 19
    images = torch.randn(2, 3, 64, 64)
    labels = torch.randint(0, 19, (2, 64, 64))
    labels[0, :8] = 255
    logits = task(images)
    loss, terms = task.task_loss(logits, [dict(gt_seg=label) for label in labels])
    assert set(terms) == {'loss_ce'} and math.isfinite(loss.item())
    loss.backward()
    assert [name for name, p in task.named_parameters()
            if p.grad is None or not p.grad.abs().sum() > 0] == []
    task.eval()
    with torch.no_grad():
        predictions = task.predict(images, [dict(img_shape=(64, 64), ori_shape=(64, 64))] * 2)
    assert [p['pred_seg'].shape for p in predictions] == [(64, 64)] * 2
    assert all(p['pred_seg'].max() < 19 for p in predictions)
    hidden, classifier = task.narrow_split()
    assert hidden is task.head.hidden and classifier is task.head.classifier
