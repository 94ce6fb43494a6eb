"""Confusion matrix and the IoU table derived from it.

With ``cm[i, j]`` the number of pixels of ground-truth class ``i`` predicted as ``j``:

    TP_k = cm[k, k]
    FN_k = sum_j cm[k, j] - TP_k        (class k missed)
    FP_k = sum_i cm[i, k] - TP_k        (class k predicted elsewhere)
    IoU_k = TP_k / (TP_k + FP_k + FN_k)
    Acc_k = TP_k / (TP_k + FN_k)        (per-class pixel accuracy, i.e. recall)
    mIoU = nanmean_k IoU_k,   mAcc = nanmean_k Acc_k
    aAcc = sum_k TP_k / sum_ij cm[i, j]  (overall pixel accuracy)

A class absent from both ground truth and prediction has ``IoU_k = 0/0 = NaN`` and does not
count in the mean; a class absent from the ground truth only but predicted has
``IoU_k = 0`` and does count.
"""
from typing import Dict, Sequence, Union

import numpy as np
import torch


def confusion_matrix(pred: torch.Tensor, gt: torch.Tensor, num_classes: int,
                     ignore_index: int = 255) -> torch.Tensor:
    """``K x K`` int64 confusion matrix (rows ground truth, columns prediction).

    Computed with a single ``torch.bincount`` on the inputs' device over the flat index
    ``gt * K + pred``. Pixels whose ground truth is ``ignore_index`` or outside ``[0, K)``
    are not counted. ``pred`` must lie in ``[0, K)`` (it comes from an argmax over K
    logits); an out-of-range prediction is routed to a bin past the matrix, so it is
    detected from the length of bincount's output (known on the host) without an extra
    device synchronisation, and raises ``ValueError``.

    Args:
        pred: predicted class per pixel, any integer dtype and shape.
        gt: ground-truth class per pixel, same shape and device as ``pred``.
        num_classes: K.
        ignore_index: label value that is not evaluated.
    """
    if pred.shape != gt.shape:
        raise ValueError(f'confusion_matrix: pred {tuple(pred.shape)} and gt {tuple(gt.shape)} '
                         'must have the same shape; resize the prediction to the label.')
    if pred.device != gt.device:
        raise ValueError(f'confusion_matrix: pred is on {pred.device} but gt on {gt.device}; '
                         'move both to one device.')
    if pred.is_floating_point() or gt.is_floating_point():
        raise TypeError('confusion_matrix: pred and gt must be integer class maps, got '
                        f'{pred.dtype} and {gt.dtype} (take the argmax of the logits).')
    k = int(num_classes)
    pred = pred.reshape(-1).long()
    gt = gt.reshape(-1).long()
    index = torch.add(pred, gt, alpha=k)  # gt * k + pred, a fresh tensor filled in place below
    not_counted = gt.ge(k).logical_or_(gt.lt(0))
    if 0 <= ignore_index < k:
        not_counted.logical_or_(gt.eq(ignore_index))
    index.masked_fill_(not_counted, k * k)
    index.masked_fill_(pred.ge(k).logical_or_(pred.lt(0)), k * k + 1)  # bin only exists if used
    counts = torch.bincount(index, minlength=k * k + 1)
    if counts.numel() > k * k + 1:
        raise ValueError(f'confusion_matrix: pred has values outside [0, {k}); predictions '
                         f'must be class indices (the argmax over {k} logits).')
    return counts[:k * k].reshape(k, k)


def iou_table(cm: Union[torch.Tensor, np.ndarray]) -> Dict[str, object]:
    """Per-class IoU and accuracy, their NaN-aware means and the overall accuracy.

    Args:
        cm: ``K x K`` confusion matrix (rows ground truth, columns prediction).

    Returns:
        ``dict(iou=<float64 K>, acc=<float64 K>, miou=float, macc=float, aacc=float)`` as
        fractions in [0, 1] (formulas in the module docstring). ``iou`` is NaN for a class
        absent from both ground truth and prediction, ``acc`` for a class absent from the
        ground truth; means over only-NaN entries and ``aacc`` of an empty matrix are NaN.
    """
    cm = cm.detach().cpu().numpy() if isinstance(cm, torch.Tensor) else np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f'iou_table: expected a K x K confusion matrix, got shape {cm.shape}.')
    cm = cm.astype(np.float64)
    tp = np.diag(cm)
    gt_count = cm.sum(axis=1)    # TP + FN
    pred_count = cm.sum(axis=0)  # TP + FP
    with np.errstate(divide='ignore', invalid='ignore'):
        iou = tp / (gt_count + pred_count - tp)
        acc = tp / gt_count
        aacc = tp.sum() / cm.sum()
    return dict(iou=iou, acc=acc, miou=_nanmean(iou), macc=_nanmean(acc), aacc=float(aacc))


def subset_miou(iou: np.ndarray, indices: Sequence[int]) -> float:
    """``nanmean_{k in indices} IoU_k``: the mean over a subset of the classes of the IoUs
    computed from the whole ``K x K`` matrix (a pixel of another class predicted as a
    subset class still counts as that class's false positive)."""
    return _nanmean(np.asarray(iou, dtype=np.float64)[list(indices)])


def _nanmean(values: np.ndarray) -> float:
    """Mean over the non-NaN entries; NaN (without a warning) when there are none."""
    finite = values[~np.isnan(values)]
    return float(finite.mean()) if finite.size else float('nan')


def format_iou_table(result: dict, class_names: Sequence[str]) -> str:
    """A plain aligned text table of ``iou_table``'s result, in percent.

    One row per class (IoU, Acc), then mIoU, mAcc and aAcc; NaN prints as ``nan``.
    """
    if len(class_names) != len(result['iou']):
        raise ValueError(f'format_iou_table: {len(class_names)} class names for '
                         f'{len(result["iou"])} classes.')
    width = max([len(str(name)) for name in class_names] + [len('Class')])
    lines = [f'{"Class":<{width}}  {"IoU":>6}  {"Acc":>6}',
             '-' * (width + 16)]
    lines += [f'{name:<{width}}  {100 * iou:6.2f}  {100 * acc:6.2f}'
              for name, iou, acc in zip(class_names, result['iou'], result['acc'])]
    lines.append('-' * (width + 16))
    lines += [f'{label:<{width}}  {100 * result[key]:6.2f}'
              for label, key in (('mIoU', 'miou'), ('mAcc', 'macc'), ('aAcc', 'aacc'))]
    return '\n'.join(lines)
