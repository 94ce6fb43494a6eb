"""Dataset-level segmentation metric: one confusion matrix summed over batches and ranks.

Each sample adds a ``K x K`` confusion matrix (computed on the predictions' device, moved
to the CPU once per batch). One matrix per sample, not per batch, because mmengine's
distributed sampler pads the dataset so every rank gets as many samples, and
``BaseMetric`` drops the padded duplicates by truncating the gathered results to the
dataset size. ``compute_metrics`` sums the matrices of all ranks and reports, in percent
(see ``confusion.py``):

    IoU_k = TP_k / (TP_k + FP_k + FN_k),   mIoU = nanmean_k IoU_k,
    mAcc = nanmean_k TP_k / (TP_k + FN_k), aAcc = sum_k TP_k / #evaluated pixels
"""
from typing import Optional, Sequence

import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from segda.datasets.cityscapes_labels import CLASSES
from segda.evaluation.confusion import confusion_matrix, format_iou_table, iou_table
from segda.registry import METRICS


@METRICS.register_module()
class IoUMetric(BaseMetric):
    """mIoU / mAcc / aAcc and per-class IoU of ``pred_seg`` against ``gt_seg``.

    Args:
        num_classes: K.
        ignore_index: label value that is not evaluated.
        class_names: names for the per-class entries; defaults to the dataset's
            ``metainfo['classes']``, else the 19 Cityscapes classes.
        prefix, collect_device: as in mmengine's ``BaseMetric``.

    ``process`` takes the model's outputs: one dict per sample with ``pred_seg`` and
    ``gt_seg`` (integer ``H0 x W0`` tensors of the same size, on any device).
    """

    def __init__(self, num_classes: int = 19, ignore_index: int = 255,
                 class_names: Optional[Sequence[str]] = None, prefix: Optional[str] = None,
                 collect_device: str = 'cpu'):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.class_names = tuple(class_names) if class_names is not None else None
        if self.class_names is not None:
            self._check_names(self.class_names, 'class_names')

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Append one ``K x K`` confusion matrix per sample (one copy to CPU per batch)."""
        matrices = []
        for sample in data_samples:
            name = sample.get('img_path', 'an output')
            if 'gt_seg' not in sample:
                raise KeyError(f'IoUMetric: {name} has no `gt_seg`: evaluation needs labels; '
                               'build the val/test dataset with its labels.')
            if 'pred_seg' not in sample:
                raise KeyError(f'IoUMetric: {name} has no `pred_seg`: the model must predict it.')
            pred, gt = sample['pred_seg'], sample['gt_seg']
            if pred.shape != gt.shape:
                raise ValueError(f'IoUMetric: {name}: pred_seg {tuple(pred.shape)} and gt_seg '
                                 f'{tuple(gt.shape)} differ; predict at the label size.')
            matrices.append(confusion_matrix(pred, gt.to(pred.device), self.num_classes,
                                             self.ignore_index))
        if matrices:
            self.results.extend(torch.stack(matrices).cpu().unbind(0))

    def compute_metrics(self, results: list) -> dict:
        """Sum the matrices, log the per-class table, return the metrics in percent."""
        if not results:
            raise ValueError('IoUMetric: no samples were evaluated (empty dataset?).')
        result = iou_table(torch.stack(results).sum(dim=0))
        names = self._names()
        print_log('\n' + format_iou_table(result, names), logger='current')
        metrics = dict(mIoU=100 * result['miou'], mAcc=100 * result['macc'],
                       aAcc=100 * result['aacc'])
        metrics.update({f'IoU.{name}': 100 * float(iou) for name, iou in zip(names, result['iou'])})
        return metrics

    def _names(self) -> tuple:
        """``class_names``, else the dataset's ``classes``, else the Cityscapes classes."""
        if self.class_names is not None:
            return self.class_names
        meta_names = (self.dataset_meta or {}).get('classes')
        if meta_names is not None:
            self._check_names(meta_names, "the dataset's metainfo['classes']")
            return tuple(meta_names)
        self._check_names(CLASSES, 'the default Cityscapes CLASSES')
        return CLASSES

    def _check_names(self, names: Sequence[str], source: str) -> None:
        if len(names) != self.num_classes:
            raise ValueError(f'IoUMetric: {source} has {len(names)} names but num_classes='
                             f'{self.num_classes}; make them agree (or pass class_names).')
