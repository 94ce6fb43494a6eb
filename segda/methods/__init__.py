"""Adaptation methods: models that wrap a task model and implement ``train_step``."""
from .base import UDAMethod
from .source_only import SourceOnly

__all__ = ['UDAMethod', 'SourceOnly']
