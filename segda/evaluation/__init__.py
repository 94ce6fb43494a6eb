"""Evaluation: confusion matrix / IoU table and the registered metrics."""
from .classification import AccuracyMetric
from .confusion import confusion_matrix, format_iou_table, iou_table
from .iou_metric import IoUMetric
from .prediction_files import PredictionFiles, raw_id_table
from .reid_metric import ReIDMetric

__all__ = ['AccuracyMetric', 'IoUMetric', 'ReIDMetric', 'PredictionFiles', 'confusion_matrix',
           'format_iou_table', 'iou_table', 'raw_id_table']
from .label_free_hook import LabelFreeScoreHook  # noqa: E402

__all__ += ['LabelFreeScoreHook']
