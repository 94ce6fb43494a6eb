"""MiT-B0..B5 (SegFormer's Mix Transformer): maps, strides and channels, the published parameter
counts, efficient self-attention and Mix-FFN as written, stochastic depth, and the published
ImageNet checkpoint layout loading as it is (or a missing file saying where to get it)."""
import math

import pytest
import torch

from segda.models.backbones import MixVisionTransformer
from segda.models.backbones.mix_transformer import MIT_ARCHS
from segda.models.backbones.pretrained import read_state_dict

# SegFormer (Xie et al., NeurIPS 2021) Table 1, encoder parameters in millions (B0 as 3.3).
PUBLISHED_PARAMS = dict(b0=3.3, b1=13.1, b2=24.2, b3=44.0, b4=60.8, b5=81.4)
CHANNELS = dict(b0=[32, 64, 160, 256], **{f'b{i}': [64, 128, 320, 512] for i in range(1, 6)})
# Keys of SegFormer's released mit_b0.pth for its first block, patch embedding and stage norms.
PUBLISHED_B0_KEYS = [
    'patch_embed1.proj.weight', 'patch_embed1.proj.bias',
    'patch_embed1.norm.weight', 'patch_embed1.norm.bias',
    'block1.0.norm1.weight', 'block1.0.norm1.bias',
    'block1.0.attn.q.weight', 'block1.0.attn.q.bias',
    'block1.0.attn.kv.weight', 'block1.0.attn.kv.bias',
    'block1.0.attn.proj.weight', 'block1.0.attn.proj.bias',
    'block1.0.attn.sr.weight', 'block1.0.attn.sr.bias',
    'block1.0.attn.norm.weight', 'block1.0.attn.norm.bias',
    'block1.0.norm2.weight', 'block1.0.norm2.bias',
    'block1.0.mlp.fc1.weight', 'block1.0.mlp.fc1.bias',
    'block1.0.mlp.dwconv.dwconv.weight', 'block1.0.mlp.dwconv.dwconv.bias',
    'block1.0.mlp.fc2.weight', 'block1.0.mlp.fc2.bias',
    'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias',
    'norm3.weight', 'norm3.bias', 'norm4.weight', 'norm4.bias']


@pytest.fixture(scope='module')
def mit_b0():
    torch.manual_seed(0)
    return MixVisionTransformer('b0').eval()


@pytest.mark.parametrize('size', [(64, 64), (33, 47)])
def test_b0_returns_four_maps_at_strides_4_8_16_32(mit_b0, one_thread, size):
    with torch.no_grad():
        maps = mit_b0(torch.randn(2, 3, *size))
    assert mit_b0.strides == [4, 8, 16, 32] and mit_b0.out_channels == CHANNELS['b0']
    rows, cols = [(s - 1) // 4 + 1 for s in size]  # the 7x7 stride-4 conv, padding 3
    expected = []
    for channels in CHANNELS['b0']:
        expected.append((2, channels, rows, cols))
        rows, cols = math.ceil(rows / 2), math.ceil(cols / 2)  # 3x3 stride 2, padding 1
    assert [tuple(m.shape) for m in maps] == expected


@pytest.mark.parametrize('arch', sorted(MIT_ARCHS))
def test_each_arch_has_its_published_size(arch, one_thread):
    model = MixVisionTransformer(arch)
    params = sum(p.numel() for p in model.parameters()) / 1e6
    assert params == pytest.approx(PUBLISHED_PARAMS[arch], rel=0.02)
    assert model.out_channels == CHANNELS[arch]
    depths = [len(getattr(model, f'block{stage}')) for stage in (1, 2, 3, 4)]
    assert tuple(depths) == MIT_ARCHS[arch][1]
    assert [getattr(model, f'block{stage}')[0].attn.num_heads for stage in (1, 2, 3, 4)] == [
        1, 2, 5, 8]


def test_b0_layers_are_the_published_ones(mit_b0):
    embeds = [getattr(mit_b0, f'patch_embed{stage}').proj for stage in (1, 2, 3, 4)]
    assert [(e.kernel_size, e.stride, e.padding) for e in embeds] == [
        ((7, 7), (4, 4), (3, 3))] + [((3, 3), (2, 2), (1, 1))] * 3
    for stage, ratio in zip((1, 2, 3, 4), (8, 4, 2, 1)):
        block = getattr(mit_b0, f'block{stage}')[0]
        attn, dwconv = block.attn, block.mlp.dwconv.dwconv
        if ratio > 1:
            assert attn.sr.kernel_size == attn.sr.stride == (ratio, ratio)
        else:
            assert not hasattr(attn, 'sr')
        assert block.mlp.fc1.out_features == 4 * block.mlp.fc1.in_features  # MLP ratio 4
        assert dwconv.kernel_size == (3, 3) and dwconv.groups == dwconv.in_channels == (
            dwconv.out_channels)
        assert block.norm1.eps == block.norm2.eps == getattr(mit_b0, f'norm{stage}').eps == 1e-6


def test_stochastic_depth_grows_linearly_to_drop_path_rate():
    model = MixVisionTransformer('b0', drop_path_rate=0.1)
    rates = [block.drop_path.p
             for stage in (1, 2, 3, 4) for block in getattr(model, f'block{stage}')]
    assert rates == pytest.approx(torch.linspace(0, 0.1, 8).tolist())
    block = model.block4[-1].train()
    x = torch.randn(64, 1, 256)
    dropped = (block.drop_path(x) == 0).all(dim=(1, 2)).float().mean()
    assert 0 < dropped < 0.5  # whole samples dropped, about 10 %


def test_efficient_self_attention_is_softmax_of_reduced_keys(mit_b0):
    attn = mit_b0.block1[0].attn  # 1 head, sr ratio 8
    size, dim = (16, 16), 32
    x = torch.randn(2, size[0] * size[1], dim)
    grid = x.transpose(1, 2).reshape(2, dim, *size)
    reduced = attn.norm(attn.sr(grid).flatten(2).transpose(1, 2))  # 2 x 4 x C
    key, value = attn.kv(reduced).split(dim, dim=-1)
    weights = torch.softmax(attn.q(x) @ key.transpose(1, 2) / math.sqrt(dim), dim=-1)
    with torch.no_grad():
        torch.testing.assert_close(attn(x, size), attn.proj(weights @ value))
    assert reduced.shape[1] == (16 // 8) ** 2


def test_mix_ffn_is_a_depthwise_conv_between_two_linear_layers(mit_b0):
    mlp = mit_b0.block2[0].mlp  # 64 -> 256 -> 64 channels
    size = (3, 5)
    x = torch.randn(2, 15, 64)
    hidden = mlp.fc1(x).transpose(1, 2).reshape(2, 256, *size)
    by_hand = mlp.fc2(torch.nn.functional.gelu(
        mlp.dwconv.dwconv(hidden).flatten(2).transpose(1, 2)))
    torch.testing.assert_close(mlp(x, size), by_hand)


def write_published_checkpoint(model, path, wrap):
    """A checkpoint in the released layout: the backbone's tensors under their published
    names plus a 1000-way classifier ``head.*``, wrapped as ``wrap`` says."""
    tensors = {key: torch.randn_like(value) for key, value in model.state_dict().items()}
    tensors['head.weight'] = torch.randn(1000, model.out_channels[-1])
    tensors['head.bias'] = torch.randn(1000)
    if wrap:
        tensors = dict(state_dict={f'{wrap}{key}': value for key, value in tensors.items()})
    torch.save(tensors, path)
    return tensors


@pytest.mark.parametrize('wrap', [None, 'backbone.', 'module.'])
def test_the_published_key_layout_loads_strictly(tmp_path, wrap):
    model = MixVisionTransformer('b0')
    assert [key for key in model.state_dict() if key.startswith(
        ('patch_embed1.', 'block1.0.', 'norm'))] == PUBLISHED_B0_KEYS
    path = tmp_path / 'mit_b0.pth'
    written = write_published_checkpoint(model, path, wrap)
    written = written.get('state_dict', written)

    state_dict = read_state_dict(str(path), family='mit')
    assert not any(key.startswith('head.') for key in state_dict)
    MixVisionTransformer('b0').load_state_dict(state_dict, strict=True)

    loaded = MixVisionTransformer('b0', pretrained=str(path))
    for key, value in loaded.state_dict().items():
        assert torch.equal(value, written[f'{wrap or ""}{key}']), key


def test_a_missing_checkpoint_says_where_to_get_it(tmp_path):
    path = tmp_path / 'pretrained' / 'mit_b5.pth'
    with pytest.raises(FileNotFoundError) as error:
        MixVisionTransformer('b0', pretrained=str(path))
    message = str(error.value)
    assert str(path) in message and 'never downloads' in message
    assert 'SegFormer' in message and 'mit_b5.pth' in message and 'DAFormer' in message
    assert '--cfg-options model.task.backbone.pretrained=None' in message
    assert 'torchvision' not in message  # not the ResNet remedy


@pytest.mark.parametrize('kwargs', [dict(arch='b6'), dict(drop_path_rate=1.0)])
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        MixVisionTransformer(**kwargs)


def test_every_parameter_gets_a_gradient(one_thread):
    model = MixVisionTransformer('b0', drop_path_rate=0.0).train()
    sum(m.square().mean() for m in model(torch.randn(2, 3, 64, 64))).backward()
    assert [name for name, p in model.named_parameters()
            if p.grad is None or not p.grad.abs().sum() > 0] == []
