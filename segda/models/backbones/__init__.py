"""Backbones (the generator G of task models) and offline pretrained loading."""
from .mlp import MLP
from .pretrained import load_pretrained
from .resnet import ResNet

__all__ = ['MLP', 'ResNet', 'load_pretrained']
