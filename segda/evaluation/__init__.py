"""Evaluation: confusion matrix / IoU table and the registered metrics."""
from .classification import AccuracyMetric
from .confusion import confusion_matrix, format_iou_table, iou_table
from .iou_metric import IoUMetric

__all__ = ['AccuracyMetric', 'IoUMetric', 'confusion_matrix', 'format_iou_table', 'iou_table']
