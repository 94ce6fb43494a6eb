"""Classification metrics over a dataset: accuracy, mean per-class accuracy, confusion matrix.

With ``cm[i, j]`` the number of samples of class ``i`` predicted as ``j`` (``confusion.py``),
in percent:

    accuracy             = 100 * sum_k cm[k, k] / sum_ij cm[i, j]
    acc_k                = 100 * cm[k, k] / sum_j cm[k, j]      (recall of class k)
    mean_class_accuracy  = mean of acc_k over the classes present in the ground truth

``mean_class_accuracy`` is VisDA-2017's score (the mean of the per-class accuracies, so a
rare class counts as much as a frequent one). A method may predict with a second
classifier in the same pass and put its labels in ``pred_label<suffix>`` (``CLASSIFIERS``:
``_clean`` for ADR's C', a classifier trained without the critic's dropout updates;
``_source`` / ``_target`` for SymNets' Cs / Ct beside the one evaluated); both metrics are
then reported for it too, with the same suffix. The per-class table and the confusion
matrices go to the log.

One result per sample is stored, so that mmengine, which gathers the results of all ranks
and truncates them to the dataset size, drops exactly the padding samples of its
distributed sampler.
"""
from typing import List, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from segda.evaluation.confusion import confusion_matrix
from segda.registry import METRICS

# The classifier behind each prediction field pred_label<suffix>: '' is the method's
# evaluated classifier, the others are predicted in the same pass (module docstring).
CLASSIFIERS = {'': 'C', '_clean': "C'", '_source': 'Cs', '_target': 'Ct'}
PREDICTIONS = tuple(f'pred_label{suffix}' for suffix in CLASSIFIERS)


def class_accuracies(cm: np.ndarray) -> np.ndarray:
    """``acc_k`` in percent per class (NaN for a class absent from the ground truth)."""
    totals = cm.sum(axis=1)
    with np.errstate(divide='ignore', invalid='ignore'):
        return 100.0 * np.diag(cm) / totals


def format_confusion(cm: np.ndarray, names: Sequence[str], title: str) -> str:
    """``cm`` as text: one row per ground-truth class (index, name, counts per predicted
    class index), columns headed by the predicted class index."""
    cells = max(len(str(cm.max())), len(str(len(names) - 1)))
    width = max(len(str(name)) for name in names)
    head = ' ' * (width + 6) + ' '.join(f'{k:>{cells}}' for k in range(len(names)))
    rows = [f'{k:>3} {name:<{width}}  ' + ' '.join(f'{count:>{cells}}' for count in row)
            for k, (name, row) in enumerate(zip(names, cm))]
    return '\n'.join([f'{title} (rows: ground truth, columns: prediction)', head] + rows)


def format_class_table(names: Sequence[str], counts: np.ndarray, accuracies: dict) -> str:
    """Per class: its sample count and accuracy for each prediction (C, C', Cs, Ct)."""
    width = max([len(str(name)) for name in names] + [len('Class')])
    keys = list(accuracies)
    lines = [f'{"Class":<{width}}  {"count":>6}  ' + '  '.join(f'{k:>8}' for k in keys),
             '-' * (width + 10 + 10 * len(keys))]
    for k, name in enumerate(names):
        lines.append(f'{name:<{width}}  {counts[k]:>6}  '
                     + '  '.join(f'{accuracies[key][k]:8.2f}' for key in keys))
    return '\n'.join(lines)


@METRICS.register_module()
class AccuracyMetric(BaseMetric):
    """Accuracy and mean per-class accuracy of ``pred_label`` (and of each
    ``pred_label<suffix>`` of ``CLASSIFIERS`` that every output has) against ``gt_label``
    (module docstring).

    The class names and K come from the evaluated dataset's ``metainfo['classes']``
    (``dataset_meta``, which mmengine hands over).

    Args:
        collect_device, prefix: as in mmengine's ``BaseMetric``.

    Returns from ``evaluate``: ``accuracy``, ``mean_class_accuracy`` and, per other
    classifier, the same suffixed: ``accuracy_clean`` (C'), ``accuracy_source`` (SymNets'
    Cs), ...
    """

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Store ``dict(gt_label, pred_label[, pred_label<suffix> ...])`` (ints) per sample."""
        for sample in data_samples:
            if 'gt_label' not in sample:
                raise KeyError('AccuracyMetric: an output has no `gt_label`: evaluate on a '
                               'labelled dataset (with_labels=True).')
            if 'pred_label' not in sample:
                raise KeyError('AccuracyMetric: an output has no `pred_label`: the model must '
                               'predict it.')
            self.results.append({key: int(sample[key]) for key in ('gt_label',) + PREDICTIONS
                                 if key in sample})

    def compute_metrics(self, results: List[dict]) -> dict:
        """The metrics in percent; the per-class table and confusion matrices to the log."""
        if not results:
            raise ValueError('AccuracyMetric: no samples were evaluated (empty dataset?).')
        names = self._class_names()
        gt = torch.tensor([r['gt_label'] for r in results])
        if gt.min() < 0 or gt.max() >= len(names):
            raise ValueError(f'AccuracyMetric: a gt_label lies outside [0, {len(names)}) (the '
                             f"dataset's {len(names)} classes): {int(gt.min())}..{int(gt.max())}.")
        metrics, accuracies, logs = {}, {}, []
        for suffix, classifier in CLASSIFIERS.items():
            key = f'pred_label{suffix}'
            present = sum(key in r for r in results)
            if present == 0:
                continue
            if present != len(results):
                raise ValueError(f'AccuracyMetric: {present} of {len(results)} outputs have '
                                 f'`{key}`; every output must have it, or none.')
            pred = torch.tensor([r[key] for r in results])
            cm = confusion_matrix(pred, gt, len(names), ignore_index=-1).numpy()
            per_class = class_accuracies(cm)
            metrics[f'accuracy{suffix}'] = 100.0 * float(np.trace(cm)) / float(cm.sum())
            metrics[f'mean_class_accuracy{suffix}'] = float(np.nanmean(per_class))
            accuracies[f'acc {classifier}'] = per_class
            logs.append(format_confusion(cm, names, f'confusion matrix of {key}'))
        counts = np.bincount(gt.numpy(), minlength=len(names))
        print_log('\n' + '\n\n'.join([format_class_table(names, counts, accuracies)] + logs),
                  logger='current')
        return metrics

    def _class_names(self) -> tuple:
        classes = (self.dataset_meta or {}).get('classes')
        if not classes:
            raise ValueError("AccuracyMetric: no dataset_meta['classes']: evaluate a dataset "
                             "whose metainfo has classes (mmengine's evaluator hands it over), "
                             'or set metric.dataset_meta = dict(classes=(...)).')
        return tuple(classes)
