"""Heads C that turn features into task outputs."""
from .classification import ClassificationHead
from .digit import DigitHead
from .reid_descriptor import ReIDDescriptorHead

__all__ = ['ReIDDescriptorHead', 'ClassificationHead', 'DigitHead']
