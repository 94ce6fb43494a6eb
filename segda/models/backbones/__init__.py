"""Backbones (the generator G of segmentation task models) and offline pretrained loading."""
from .pretrained import load_pretrained
from .resnet import ResNet

__all__ = ['ResNet', 'load_pretrained']
