"""confusion_matrix / iou_table / format_iou_table on hand-built label maps."""
import math
import warnings

import numpy as np
import pytest
import torch

from segda.evaluation import confusion_matrix, format_iou_table, iou_table

GT = torch.tensor([[0, 0, 1], [1, 2, 255]])
PRED = torch.tensor([[0, 1, 1], [2, 2, 0]])
# rows = gt, columns = pred; the last pixel (gt 255) is not counted
HAND_CM = [[1, 1, 0],
           [0, 1, 1],
           [0, 0, 1]]


def test_confusion_matrix_by_hand():
    cm = confusion_matrix(PRED, GT, num_classes=3)
    assert cm.dtype == torch.int64 and cm.shape == (3, 3)
    assert cm.tolist() == HAND_CM


def test_confusion_matrix_matches_a_pixel_loop():
    generator = torch.Generator().manual_seed(0)
    gt = torch.randint(0, 5, (7, 9), generator=generator)
    gt[gt == 4] = 255
    pred = torch.randint(0, 4, (7, 9), generator=generator)
    expected = np.zeros((4, 4), dtype=np.int64)
    for g, p in zip(gt.flatten().tolist(), pred.flatten().tolist()):
        if g != 255:
            expected[g, p] += 1
    assert confusion_matrix(pred, gt, 4).numpy().tolist() == expected.tolist()


def test_gt_outside_the_classes_and_a_custom_ignore_index_are_not_counted():
    gt = torch.tensor([-1, 3, 7, 0, 1, 2])
    pred = torch.tensor([0, 1, 2, 0, 1, 1])
    assert confusion_matrix(pred, gt, 3).sum() == 3
    cm = confusion_matrix(pred, gt, 3, ignore_index=0)
    assert cm.tolist() == [[0, 0, 0], [0, 1, 0], [0, 1, 0]]


def test_uint8_inputs_do_not_overflow():
    gt = torch.tensor([18, 18, 255], dtype=torch.uint8)
    pred = torch.tensor([18, 17, 3], dtype=torch.uint8)
    cm = confusion_matrix(pred, gt, 19)
    assert cm[18, 18] == 1 and cm[18, 17] == 1 and cm.sum() == 2


@pytest.mark.parametrize('bad', [3, -1])
def test_predictions_outside_the_classes_raise(bad):
    pred = torch.tensor([0, 1, bad])
    with pytest.raises(ValueError, match='outside'):
        confusion_matrix(pred, torch.tensor([0, 1, 2]), 3)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match='same shape'):
        confusion_matrix(torch.zeros(2, 3, dtype=torch.long), torch.zeros(3, 2, dtype=torch.long),
                         3)
    with pytest.raises(TypeError, match='argmax'):
        confusion_matrix(torch.zeros(4), torch.zeros(4, dtype=torch.long), 3)


def test_iou_table_by_hand():
    result = iou_table(torch.tensor(HAND_CM))
    # TP = 1, 1, 1; TP+FN (gt) = 2, 2, 1; TP+FP (pred) = 1, 2, 2
    np.testing.assert_allclose(result['iou'], [1 / 2, 1 / 3, 1 / 2])
    np.testing.assert_allclose(result['acc'], [1 / 2, 1 / 2, 1])
    assert result['iou'].dtype == np.float64
    assert result['miou'] == pytest.approx((1 / 2 + 1 / 3 + 1 / 2) / 3)
    assert result['macc'] == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    assert result['aacc'] == pytest.approx(3 / 5)


def test_absent_classes():
    # class 2 absent from gt and pred: NaN, left out of the mean;
    # class 1 predicted but absent from gt: IoU 0 (counts), accuracy NaN
    cm = np.array([[3, 1, 0],
                   [0, 0, 0],
                   [0, 0, 0]])
    result = iou_table(cm)
    assert result['iou'][0] == pytest.approx(3 / 4)
    assert result['iou'][1] == 0 and math.isnan(result['iou'][2])
    assert math.isnan(result['acc'][1]) and math.isnan(result['acc'][2])
    assert result['miou'] == pytest.approx((3 / 4 + 0) / 2)
    assert result['macc'] == pytest.approx(3 / 4)


def test_empty_matrix_gives_nan_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        result = iou_table(np.zeros((2, 2), dtype=np.int64))
    assert all(math.isnan(result[key]) for key in ('miou', 'macc', 'aacc'))


def test_iou_table_rejects_a_non_square_matrix():
    with pytest.raises(ValueError, match='K x K'):
        iou_table(np.zeros((2, 3)))


def test_format_iou_table():
    result = iou_table(np.array([[3, 1, 0], [0, 0, 0], [0, 0, 0]]))
    text = format_iou_table(result, ['road', 'traffic light', 'sky'])
    lines = text.splitlines()
    class_rows = [line for line in lines if line.split()[0] in ('road', 'traffic', 'sky')]
    assert len(class_rows) == 3
    assert len({len(line) for line in class_rows}) == 1  # aligned columns
    assert class_rows[0].split()[-2:] == ['75.00', '75.00']
    assert class_rows[2].split()[-2:] == ['nan', 'nan']
    summary = {line.split()[0]: line.split()[1] for line in lines[-3:]}
    assert summary == {'mIoU': '37.50', 'mAcc': '75.00', 'aAcc': '75.00'}
    with pytest.raises(ValueError, match='class names'):
        format_iou_table(result, ['road'])
