"""Top-1 classification accuracy over a dataset, in percent:

    accuracy = 100 * sum_batches correct_b / sum_batches count_b
"""
import torch
from mmengine.evaluator import BaseMetric

from segda.registry import METRICS


@METRICS.register_module()
class AccuracyMetric(BaseMetric):
    """Accuracy of ``pred_label`` against ``gt_label`` in the model's outputs.

    Args:
        pred_key: the prediction field to score, e.g. ``'pred_label_clean'`` for ADR's C'.
        collect_device, prefix: as in mmengine's ``BaseMetric``.
    """

    def __init__(self, pred_key='pred_label', collect_device='cpu', prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.pred_key = pred_key

    def process(self, data_batch, data_samples):
        """Store ``(correct, count)`` of one batch of outputs (one dict per sample)."""
        for key, what in ((self.pred_key, 'the model must predict it'),
                          ('gt_label', 'evaluate on a labelled dataset (with_labels=True)')):
            if any(key not in sample for sample in data_samples):
                raise KeyError(f'AccuracyMetric: an output has no `{key}`: {what}.')
        preds = torch.stack([torch.as_tensor(s[self.pred_key]).cpu() for s in data_samples])
        labels = torch.stack([torch.as_tensor(s['gt_label']).cpu() for s in data_samples])
        self.results.append((int((preds == labels).sum()), len(labels)))

    def compute_metrics(self, results):
        """``dict(accuracy=percent)`` over all stored batches."""
        count = sum(n for _, n in results)
        if count == 0:
            raise ValueError('AccuracyMetric: no samples were evaluated (empty dataset?).')
        return dict(accuracy=100.0 * sum(c for c, _ in results) / count)
