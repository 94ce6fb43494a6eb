"""Dataset-level segmentation metric: one confusion matrix summed over batches and ranks.

Each sample adds a ``K x K`` confusion matrix (computed on the predictions' device, moved
to the CPU once per batch). One matrix per sample, not per batch, because mmengine's
distributed sampler pads the dataset so every rank gets as many samples, and
``BaseMetric`` drops the padded duplicates by truncating the gathered results to the
dataset size. ``compute_metrics`` sums the matrices of all ranks and reports, in percent
(see ``confusion.py``):

    IoU_k = TP_k / (TP_k + FP_k + FN_k),   mIoU = nanmean_k IoU_k,
    mAcc = nanmean_k TP_k / (TP_k + FN_k), aAcc = sum_k TP_k / #evaluated pixels

and, for each named subset S of the classes (``class_subsets``),

    mIoU_S = nanmean_{k in S} IoU_k

with IoU_k from the same K x K matrix. That is the field's convention for SYNTHIA ->
Cityscapes (mIoU16, mIoU13): the model predicts all 19 classes and is scored on the 19 x 19
matrix, and the mean is taken over the 16 (or 13) classes only; DAFormer's README gives
it as mIoU16 = mIoU19 * 19 / 16 (the three classes SYNTHIA lacks score IoU 0), and the
evaluation scripts of earlier work average ``per_class_iou[[0, 1, 2, ...]]``. It is not a
16 x 16 matrix that ignores the other classes' pixels: a road pixel predicted as terrain
counts against road. The mean skips NaN as mIoU does (a class absent from both ground
truth and prediction; those scripts' plain mean differs only then, never on Cityscapes val).
"""
from typing import Mapping, Optional, Sequence

import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from segda.evaluation.confusion import (
    confusion_matrix,
    format_iou_table,
    iou_table,
    subset_miou,
)
from segda.registry import METRICS


@METRICS.register_module()
class IoUMetric(BaseMetric):
    """mIoU / mAcc / aAcc and per-class IoU of ``pred_seg`` against ``gt_seg``.

    The label space comes from the evaluated dataset's metainfo (``dataset_meta``, which
    mmengine hands over): K = ``len(classes)``, the class names, ``ignore_index``.

    Args:
        num_classes: K; by default the dataset's class count (give it to use the metric
            without a dataset).
        ignore_index: label value that is not evaluated; by default the dataset's (255).
        class_names: names for the per-class entries; by default the dataset's classes.
        class_subsets: extra means over named subsets of the classes, ``{metric name:
            class names}``, e.g. ``dict(mIoU16=[...16 names...], mIoU13=[...])`` (module
            docstring); each is reported under its name, in percent.
        prefix, collect_device: as in mmengine's ``BaseMetric``.

    ``process`` takes the model's outputs: one dict per sample with ``pred_seg`` and
    ``gt_seg`` (integer ``H0 x W0`` tensors of the same size, on any device).
    """

    def __init__(self, num_classes: Optional[int] = None, ignore_index: Optional[int] = None,
                 class_names: Optional[Sequence[str]] = None,
                 class_subsets: Optional[Mapping[str, Sequence[str]]] = None,
                 prefix: Optional[str] = None, collect_device: str = 'cpu'):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self._num_classes = num_classes
        self._ignore_index = ignore_index
        self.class_names = tuple(class_names) if class_names is not None else None
        if self.class_names is not None and num_classes is not None:
            self._check_names(self.class_names, 'class_names')
        self.class_subsets = check_class_subsets(class_subsets or {})
        if self.class_names is not None:
            self._subset_indices(self.class_names)

    @property
    def dataset_meta(self) -> Optional[dict]:
        """The evaluated dataset's metainfo (mmengine sets it when the loop is built)."""
        return self._dataset_meta

    @dataset_meta.setter
    def dataset_meta(self, dataset_meta: Optional[dict]) -> None:
        """Keep ``dataset_meta`` and check the class subsets against its classes at once,
        not after the first evaluation."""
        BaseMetric.dataset_meta.fset(self, dataset_meta)
        if self.class_names is None and (dataset_meta or {}).get('classes') is not None:
            self._subset_indices(tuple(dataset_meta['classes']))

    @property
    def num_classes(self) -> int:
        """K: the argument, else the number of the dataset's classes."""
        if self._num_classes is not None:
            return self._num_classes
        classes = (self.dataset_meta or {}).get('classes')
        if classes is None:
            raise ValueError("IoUMetric: no num_classes and no dataset_meta['classes']; give "
                             'num_classes or evaluate a dataset whose metainfo has classes.')
        return len(classes)

    @property
    def ignore_index(self) -> int:
        """The argument, else the dataset's ``ignore_index``, else 255."""
        if self._ignore_index is not None:
            return self._ignore_index
        return (self.dataset_meta or {}).get('ignore_index', 255)

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
        for subset, indices in self._subset_indices(names).items():
            metrics[subset] = 100 * subset_miou(result['iou'], indices)
        if self.class_subsets:
            print_log('  '.join(f'{subset}: {metrics[subset]:.2f}'
                                for subset in self.class_subsets), logger='current')
        return metrics

    def _subset_indices(self, names: Sequence[str]) -> dict:
        """``{subset: class indices}`` of ``class_subsets`` in ``names``; ValueError naming
        the members that are not among them."""
        indices = {}
        for subset, members in self.class_subsets.items():
            unknown = [name for name in members if name not in names]
            if unknown:
                raise ValueError(f'IoUMetric: class_subsets[{subset!r}] names {unknown}, which '
                                 f'are not classes of the evaluated label space {list(names)}; '
                                 'use its class names.')
            indices[subset] = [names.index(name) for name in members]
        return indices

    def _names(self) -> tuple:
        """``class_names``, else the dataset's ``classes``, else ``class 0``, ``class 1``, ..."""
        if self.class_names is not None:
            self._check_names(self.class_names, 'class_names')
            return self.class_names
        meta_names = (self.dataset_meta or {}).get('classes')
        if meta_names is not None:
            self._check_names(meta_names, "the dataset's metainfo['classes']")
            return tuple(meta_names)
        return tuple(f'class {k}' for k in range(self.num_classes))

    def _check_names(self, names: Sequence[str], source: str) -> None:
        if len(names) != self.num_classes:
            raise ValueError(f'IoUMetric: {source} has {len(names)} names but num_classes='
                             f'{self.num_classes}; make them agree (or pass class_names).')


def check_class_subsets(class_subsets: Mapping[str, Sequence[str]]) -> dict:
    """``class_subsets`` as ``{name: tuple of class names}``; ValueError for a subset that is
    a string, empty, repeats a class or takes the name of a metric IoUMetric always
    reports."""
    checked = {}
    for subset, members in dict(class_subsets).items():
        if isinstance(members, str):
            raise ValueError(f'IoUMetric: class_subsets[{subset!r}] = {members!r} is one string; '
                             'give a list of class names.')
        members = tuple(members)
        if subset in ('mIoU', 'mAcc', 'aAcc') or subset.startswith('IoU.'):
            raise ValueError(f'IoUMetric: class_subsets name {subset!r} is a metric IoUMetric '
                             "always reports; call it e.g. 'mIoU16'.")
        if not members or len(set(members)) != len(members):
            raise ValueError(f'IoUMetric: class_subsets[{subset!r}] = {list(members)} must list '
                             'at least one class, each once.')
        checked[subset] = members
    return checked
