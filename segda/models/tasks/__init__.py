"""Task models: the G/C contract (TaskModel) and its instances (Segmentor, Classifier)."""
from .base import TaskModel
from .classifier import Classifier
from .reid import ReIDTask
from .segmentor import Segmentor

__all__ = ['ReIDTask', 'TaskModel', 'Segmentor', 'Classifier']
