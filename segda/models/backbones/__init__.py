"""Backbones (the generator G of task models) and offline pretrained loading."""
from .digit_convnet import DigitConvNet
from .dml import DMLNet
from .mix_transformer import MixVisionTransformer
from .mlp import MLP
from .pooled_resnet import PooledResNet
from .pretrained import load_pretrained
from .resnet import ResNet

__all__ = ['DMLNet', 'DigitConvNet', 'MLP', 'MixVisionTransformer', 'PooledResNet', 'ResNet',
           'load_pretrained']
