"""Heads C that turn features into task outputs."""
from .classification import ClassificationHead

__all__ = ['ClassificationHead']
