"""Task models: the G/C contract (TaskModel) and its instances (Segmentor, Classifier)."""
from .base import FeatureMaps, TaskModel, map_features
from .classifier import Classifier
from .segmentor import Segmentor

__all__ = ['FeatureMaps', 'TaskModel', 'Segmentor', 'Classifier', 'map_features']
