"""Heads C that turn features into task outputs."""
from .classification import ClassificationHead
from .digit import DigitHead

__all__ = ['ClassificationHead', 'DigitHead']
