"""SegFormer's Mix Transformer encoder, MiT-B0 .. MiT-B5 (Xie et al., NeurIPS 2021, Sec. 3.1),
the encoder of DAFormer (Hoyer et al., CVPR 2022).

Four stages; stage i embeds its input by an overlapping patch embedding (a strided conv,
7x7 stride 4 for stage 1, 3x3 stride 2 after, padding k // 2) and runs ``depths[i]``
transformer blocks on the tokens, then a LayerNorm; its map has stride 4, 8, 16, 32 and
``embed_dims[i]`` channels. A block is pre-norm with stochastic depth on both residuals:

    x = x + DropPath(Attn(LN(x)))
    x = x + DropPath(MixFFN(LN(x)))

Efficient self-attention (Eq. 1-2): the keys and values come from the map reduced by a
``R x R`` stride-``R`` conv (``sr``, R = the stage's sr ratio 8, 4, 2, 1) and a LayerNorm, so
attention costs O(N^2 / R^2) instead of O(N^2):

    Attn(x) = proj(softmax(q(x) k(x_R)^T / sqrt(d_head)) v(x_R)),   x_R = LN(sr(x))

Mix-FFN (Eq. 3): a 3x3 depthwise conv between the two linear layers gives the positional
information (no positional encoding):

    MixFFN(x) = fc2(GELU(DWConv3x3(fc1(x))))      (hidden width 4 C)

Parameter names are those of the published ImageNet checkpoints (``patch_embed1.proj``,
``block1.0.attn.q``/``kv``/``sr``/``norm``, ``block1.0.mlp.dwconv.dwconv``, ``norm1``, ...), so
``mit_b5.pth`` loads as it is. As there, the block and stage-end LayerNorms have eps 1e-6
and the patch-embedding and key/value-reduction LayerNorms PyTorch's default 1e-5.
"""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn
from torchvision.ops import StochasticDepth

from segda.registry import MODELS

from .pretrained import load_pretrained

# Per arch: (embed dims, depths) of the four stages (SegFormer Table 6 / appendix A).
MIT_ARCHS = dict(
    b0=((32, 64, 160, 256), (2, 2, 2, 2)),
    b1=((64, 128, 320, 512), (2, 2, 2, 2)),
    b2=((64, 128, 320, 512), (3, 4, 6, 3)),
    b3=((64, 128, 320, 512), (3, 4, 18, 3)),
    b4=((64, 128, 320, 512), (3, 8, 27, 3)),
    b5=((64, 128, 320, 512), (3, 6, 40, 3)))
NUM_HEADS = (1, 2, 5, 8)
SR_RATIOS = (8, 4, 2, 1)
MLP_RATIO = 4
STRIDES = (4, 8, 16, 32)
LAYER_NORM_EPS = 1e-6


def tokens_to_map(x: torch.Tensor, size: Tuple[int, int]) -> torch.Tensor:
    """``N x (H W) x C`` tokens as an ``N x C x H x W`` map."""
    return x.transpose(1, 2).reshape(x.shape[0], x.shape[2], *size)


class OverlapPatchEmbed(nn.Module):
    """A ``kernel x kernel`` conv with ``stride`` and padding ``kernel // 2`` (neighbouring
    patches overlap), flattened to tokens and layer-normalised."""

    def __init__(self, in_channels: int, embed_dim: int, kernel: int, stride: int):
        super().__init__()
        self.proj = nn.Conv2d(in_channels, embed_dim, kernel, stride, padding=kernel // 2)
        self.norm = nn.LayerNorm(embed_dim)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, Tuple[int, int]]:
        """Tokens ``N x (h w) x C`` and the map's ``(h, w)``."""
        x = self.proj(x)
        return self.norm(x.flatten(2).transpose(1, 2)), tuple(x.shape[-2:])


class EfficientSelfAttention(nn.Module):
    """Multi-head self-attention whose keys and values come from the map reduced ``sr_ratio``
    times per side (SegFormer Eq. 1-2; no reduction at ratio 1)."""

    def __init__(self, dim: int, num_heads: int, sr_ratio: int):
        super().__init__()
        if dim % num_heads:
            raise ValueError(f'EfficientSelfAttention: dim {dim} is not divisible by '
                             f'num_heads {num_heads}.')
        self.num_heads = num_heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)
        self.sr_ratio = sr_ratio
        if sr_ratio > 1:
            self.sr = nn.Conv2d(dim, dim, sr_ratio, stride=sr_ratio)
            self.norm = nn.LayerNorm(dim)

    def heads(self, x: torch.Tensor) -> torch.Tensor:
        """``N x L x C`` as ``N x heads x L x C / heads``."""
        return x.reshape(*x.shape[:2], self.num_heads, -1).transpose(1, 2)

    def forward(self, x: torch.Tensor, size: Tuple[int, int]) -> torch.Tensor:
        reduced = x
        if self.sr_ratio > 1:
            reduced = self.norm(self.sr(tokens_to_map(x, size)).flatten(2).transpose(1, 2))
        key, value = self.kv(reduced).chunk(2, dim=-1)
        out = F.scaled_dot_product_attention(self.heads(self.q(x)), self.heads(key),
                                             self.heads(value))
        return self.proj(out.transpose(1, 2).flatten(2))


class TokenDepthwiseConv(nn.Module):
    """A 3x3 depthwise conv (groups = channels) applied to tokens laid out as their map."""

    def __init__(self, dim: int):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, 3, padding=1, groups=dim)

    def forward(self, x: torch.Tensor, size: Tuple[int, int]) -> torch.Tensor:
        return self.dwconv(tokens_to_map(x, size)).flatten(2).transpose(1, 2)


class MixFFN(nn.Module):
    """``fc2(GELU(DWConv3x3(fc1(x))))`` (SegFormer Eq. 3, without its residual)."""

    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.dwconv = TokenDepthwiseConv(hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor, size: Tuple[int, int]) -> torch.Tensor:
        return self.fc2(self.act(self.dwconv(self.fc1(x), size)))


class MiTBlock(nn.Module):
    """``x + DropPath(Attn(LN(x)))`` then ``x + DropPath(MixFFN(LN(x)))``."""

    def __init__(self, dim: int, num_heads: int, sr_ratio: int, drop_path: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=LAYER_NORM_EPS)
        self.attn = EfficientSelfAttention(dim, num_heads, sr_ratio)
        self.norm2 = nn.LayerNorm(dim, eps=LAYER_NORM_EPS)
        self.mlp = MixFFN(dim, MLP_RATIO * dim)
        # Stochastic depth (Huang et al., ECCV 2016): a whole residual branch is dropped per
        # sample with probability drop_path and the kept ones scaled by 1 / (1 - drop_path).
        self.drop_path = StochasticDepth(drop_path, mode='row')

    def forward(self, x: torch.Tensor, size: Tuple[int, int]) -> torch.Tensor:
        x = x + self.drop_path(self.attn(self.norm1(x), size))
        return x + self.drop_path(self.mlp(self.norm2(x), size))


@MODELS.register_module()
class MixVisionTransformer(nn.Module):
    """MiT-B0 .. B5: ``forward(x)`` returns the four stage maps, shallow to deep, at strides
    4, 8, 16, 32 (``strides``) with ``out_channels`` = the arch's embed dims:

        b0: 32, 64, 160, 256         depths 2, 2, 2, 2
        b1: 64, 128, 320, 512        depths 2, 2, 2, 2
        b2..b5: 64, 128, 320, 512    depths 3,4,6,3 | 3,4,18,3 | 3,8,27,3 | 3,6,40,3

    with 1, 2, 5, 8 heads and sr ratios 8, 4, 2, 1 per stage, MLP ratio 4. A map of an input
    of size H has ``floor((H - 1) / 4) + 1`` rows at stride 4, and each later stage halves
    that, rounding up.

    Args:
        arch: ``'b0'`` .. ``'b5'``.
        pretrained: ``None`` (random init as SegFormer's: linear weights truncated normal with
            std 0.02, convs normal with std sqrt(2 / fan_out), LayerNorms 1 and 0), or a local
            ImageNet checkpoint such as ``pretrained/mit_b5.pth`` (its classifier ``head.*``
            dropped; see :func:`segda.models.backbones.pretrained.load_pretrained`).
        drop_path_rate: stochastic depth rate of the last block; it grows linearly from 0 over
            the blocks of all stages (SegFormer and DAFormer: 0.1).
    """

    def __init__(self, arch: str = 'b5', pretrained: Optional[str] = None,
                 drop_path_rate: float = 0.1):
        super().__init__()
        if arch not in MIT_ARCHS:
            raise ValueError(f'MixVisionTransformer: arch must be one of {sorted(MIT_ARCHS)}, '
                             f'got {arch!r}.')
        if not 0 <= drop_path_rate < 1:
            raise ValueError('MixVisionTransformer: drop_path_rate must be in [0, 1), got '
                             f'{drop_path_rate!r}.')
        embed_dims, depths = MIT_ARCHS[arch]
        self.arch = arch
        self.out_channels = list(embed_dims)
        self.strides = list(STRIDES)
        rates = torch.linspace(0, drop_path_rate, sum(depths)).tolist()
        in_channels = 3
        for stage, (dim, depth) in enumerate(zip(embed_dims, depths), start=1):
            kernel, stride = (7, 4) if stage == 1 else (3, 2)
            first = sum(depths[:stage - 1])
            setattr(self, f'patch_embed{stage}',
                    OverlapPatchEmbed(in_channels, dim, kernel, stride))
            setattr(self, f'block{stage}', nn.ModuleList(
                MiTBlock(dim, NUM_HEADS[stage - 1], SR_RATIOS[stage - 1], rates[first + i])
                for i in range(depth)))
            setattr(self, f'norm{stage}', nn.LayerNorm(dim, eps=LAYER_NORM_EPS))
            in_channels = dim
        self.init_weights()
        if pretrained is not None:
            load_pretrained(self, pretrained, family='mit')

    def init_weights(self):
        """SegFormer's initialisation (see the class docstring)."""
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.trunc_normal_(module.weight, std=0.02)
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.LayerNorm):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Conv2d):
                fan_out = module.kernel_size[0] * module.kernel_size[1] * module.out_channels
                nn.init.normal_(module.weight, std=(2.0 * module.groups / fan_out) ** 0.5)
                nn.init.zeros_(module.bias)

    def forward(self, x: torch.Tensor) -> list:
        """The four stage maps ``N x C_i x H_i x W_i``, shallow to deep."""
        maps = []
        for stage in range(1, len(STRIDES) + 1):
            x, size = getattr(self, f'patch_embed{stage}')(x)
            for block in getattr(self, f'block{stage}'):
                x = block(x, size)
            x = tokens_to_map(getattr(self, f'norm{stage}')(x), size)
            maps.append(x)
        return maps
