"""Task models: the G/C contract (TaskModel) and its segmentation instance (Segmentor)."""
from .base import FeatureMaps, TaskModel, map_features
from .segmentor import Segmentor

__all__ = ['FeatureMaps', 'TaskModel', 'Segmentor', 'map_features']
