"""IoUMetric: per-sample confusion matrices summed into hand-computed mIoU / mAcc / aAcc."""
import math

import pytest
import torch
from mmengine.logging import MMLogger

from segda.evaluation import IoUMetric
from segda.registry import METRICS

NAMES = ('a', 'b', 'c')


def outputs(pairs):
    """Model outputs: one dict per (pred, gt) pair of nested lists."""
    return [dict(img_path=f'img{i}.png', pred_seg=torch.tensor(pred), gt_seg=torch.tensor(gt))
            for i, (pred, gt) in enumerate(pairs)]


def evaluate(batches, **kwargs):
    metric = IoUMetric(num_classes=3, class_names=NAMES, **kwargs)
    for batch in batches:
        metric.process({}, outputs(batch))
    return metric.evaluate(size=sum(len(batch) for batch in batches))


def test_hand_computed_case_with_ignored_pixels():
    # gt 255 pixels are ignored whatever the prediction; counted pixels:
    # (gt, pred) = (0,0) (0,1) (1,1) (2,2) (2,2) -> TP = 1,1,2; gt = 2,1,2; pred = 1,2,2
    pred = [[0, 1, 2], [1, 2, 2]]
    gt = [[0, 0, 255], [1, 2, 2]]
    metrics = evaluate([[(pred, gt)]])
    ious = [1 / 2, 1 / 2, 1.0]
    assert metrics['IoU.a'] == pytest.approx(100 * ious[0])
    assert metrics['IoU.b'] == pytest.approx(100 * ious[1])
    assert metrics['IoU.c'] == pytest.approx(100 * ious[2])
    assert metrics['mIoU'] == pytest.approx(100 * sum(ious) / 3)
    assert metrics['mAcc'] == pytest.approx(100 * (1 / 2 + 1 + 1) / 3)
    assert metrics['aAcc'] == pytest.approx(100 * 4 / 5)


def test_absent_class_is_nan_and_excluded_from_the_mean():
    # class c never appears; class b is predicted once where gt is a
    metrics = evaluate([[([[0, 1], [0, 0]], [[0, 0], [0, 0]])]])
    assert math.isnan(metrics['IoU.c'])
    assert metrics['IoU.a'] == pytest.approx(75.0) and metrics['IoU.b'] == 0.0
    assert metrics['mIoU'] == pytest.approx(75.0 / 2)
    assert metrics['mAcc'] == pytest.approx(75.0)


def test_all_correct_and_all_wrong():
    gt = [[0, 1], [2, 255]]
    correct = evaluate([[([[0, 1], [2, 0]], gt)]])  # the 255 pixel may be anything
    assert (correct['mIoU'], correct['mAcc'], correct['aAcc']) == (100.0, 100.0, 100.0)
    wrong = evaluate([[([[1, 2], [0, 0]], gt)]])
    assert (wrong['mIoU'], wrong['mAcc'], wrong['aAcc']) == (0.0, 0.0, 0.0)


def test_two_batches_equal_one_batch():
    generator = torch.Generator().manual_seed(0)
    pairs = []
    for size in ((4, 5), (3, 6), (5, 5)):  # samples of different sizes
        gt = torch.randint(0, 4, size, generator=generator)
        gt[gt == 3] = 255
        pairs.append((torch.randint(0, 3, size, generator=generator).tolist(), gt.tolist()))
    together = evaluate([pairs])
    split = evaluate([pairs[:2], pairs[2:]])
    assert split == pytest.approx(together, nan_ok=True)
    assert together['aAcc'] < 100  # random predictions: the case is not trivial


def test_one_cpu_matrix_stored_per_sample():
    metric = IoUMetric(num_classes=3, class_names=NAMES)
    metric.process({}, outputs([([[0, 1]], [[0, 1]]), ([[2]], [[1]])]))
    assert len(metric.results) == 2
    assert all(cm.dtype == torch.int64 and cm.device.type == 'cpu' for cm in metric.results)
    assert metric.results[0].tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]
    assert metric.results[1].tolist() == [[0, 0, 0], [0, 0, 1], [0, 0, 0]]


def test_padded_duplicates_of_a_distributed_sampler_are_dropped():
    """mmengine pads the val set to a multiple of the world size and truncates the gathered
    results to the dataset size: that only removes the duplicates if results are per sample."""
    pairs = [([[0, 1]], [[0, 1]]), ([[2, 2]], [[1, 2]]), ([[1, 0]], [[1, 1]])]
    exact = evaluate([pairs])
    metric = IoUMetric(num_classes=3, class_names=NAMES)
    metric.process({}, outputs(pairs[:2]))
    metric.process({}, outputs(pairs[2:] + pairs[:1]))  # the last batch padded with sample 0
    assert metric.evaluate(size=len(pairs)) == pytest.approx(exact, nan_ok=True)


def test_missing_labels_and_size_mismatch_raise():
    metric = IoUMetric(num_classes=3, class_names=NAMES)
    with pytest.raises(KeyError, match='gt_seg'):
        metric.process({}, [dict(img_path='x.png', pred_seg=torch.zeros(2, 2, dtype=torch.long))])
    with pytest.raises(ValueError, match='x.png'):
        metric.process({}, [dict(img_path='x.png', pred_seg=torch.zeros(2, 2, dtype=torch.long),
                                 gt_seg=torch.zeros(2, 3, dtype=torch.long))])
    with pytest.raises(ValueError, match='no samples'):
        metric.compute_metrics([])


def test_class_names_from_dataset_meta_and_prefix():
    metric = METRICS.build(dict(type='IoUMetric', num_classes=3, prefix='val'))
    metric.dataset_meta = dict(classes=('x', 'y', 'z'))
    metric.process({}, outputs([([[0, 1, 2]], [[0, 1, 2]])]))
    assert set(metric.evaluate(size=1)) == {'val/mIoU', 'val/mAcc', 'val/aAcc',
                                            'val/IoU.x', 'val/IoU.y', 'val/IoU.z'}
    with pytest.raises(ValueError, match='num_classes'):
        IoUMetric(num_classes=3, class_names=('only', 'two'))


def test_the_label_space_comes_from_dataset_meta():
    """K and the ignore index are the dataset's (segda/datasets/label_space.py)."""
    metric = IoUMetric()
    metric.dataset_meta = dict(classes=('a', 'b'), ignore_index=7)
    # pixel 3 is labelled 7 (ignored): only the two others count
    metric.process({}, outputs([([[0, 1, 1]], [[0, 1, 7]])]))
    result = metric.evaluate(size=1)
    assert set(result) == {'mIoU', 'mAcc', 'aAcc', 'IoU.a', 'IoU.b'}
    assert result['aAcc'] == 100.0
    unnamed = IoUMetric()
    with pytest.raises(ValueError, match="num_classes and no dataset_meta"):
        unnamed.process({}, outputs([([[0]], [[0]])]))


def test_the_per_class_table_is_logged(tmp_path):
    logger = MMLogger.get_instance('test_iou_metric', log_file=str(tmp_path / 'log.txt'))
    evaluate([[([[0, 1]], [[0, 1]])]])
    for handler in logger.handlers:
        handler.flush()
    log = (tmp_path / 'log.txt').read_text()
    assert 'mIoU' in log and '100.00' in log and 'Class' in log


# -- class subsets (SYNTHIA -> Cityscapes: mIoU16, mIoU13) ---------------------------------
CITYSCAPES = ('road', 'sidewalk', 'building', 'wall', 'fence', 'pole', 'traffic light',
              'traffic sign', 'vegetation', 'terrain', 'sky', 'person', 'rider', 'car', 'truck',
              'bus', 'train', 'motorcycle', 'bicycle')
ABSENT = ('terrain', 'truck', 'train')
SIXTEEN = [name for name in CITYSCAPES if name not in ABSENT]
THIRTEEN = [name for name in SIXTEEN if name not in ('wall', 'fence', 'pole')]


def pixels_of(matrix):
    """One (pred, gt) output whose pixels make exactly the confusion matrix ``matrix``."""
    gt, pred = [], []
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            gt += [i] * count
            pred += [j] * count
    return dict(img_path='hand.png', pred_seg=torch.tensor([pred]), gt_seg=torch.tensor([gt]))


def test_subset_mious_are_means_of_the_19_class_ious_over_the_subset():
    k = CITYSCAPES.index
    matrix = [[0] * 19 for _ in range(19)]
    for name in CITYSCAPES:
        if name not in ABSENT:
            matrix[k(name)][k(name)] = 10
    matrix[k('road')][k('terrain')] = 10  # road missed as terrain: IoU road 1/2, terrain 0
    matrix[k('wall')][k('fence')] = 5     # IoU wall 10/15, fence 10/15; truck, train NaN
    metric = IoUMetric(class_subsets=dict(mIoU16=SIXTEEN, mIoU13=THIRTEEN), prefix='val')
    metric.dataset_meta = dict(classes=CITYSCAPES)
    metric.process({}, [pixels_of(matrix)])
    result = metric.evaluate(size=1)
    assert result['val/mIoU'] == pytest.approx(100 * (0.5 + 0 + 2 * 10 / 15 + 13) / 17)
    # over the 16: terrain's 0 is left out, but road still pays for the pixels it lost to it
    assert result['val/mIoU16'] == pytest.approx(100 * (0.5 + 2 * 10 / 15 + 13) / 16)
    assert result['val/mIoU13'] == pytest.approx(100 * (0.5 + 12) / 13)


def test_subsets_are_checked_against_the_class_names_before_evaluating():
    metric = IoUMetric(class_subsets=dict(mIoU2=['a', 'road']))
    with pytest.raises(ValueError, match=r"class_subsets\['mIoU2'\] names \['road'\]"):
        metric.dataset_meta = dict(classes=NAMES)
    with pytest.raises(ValueError, match=r"names \['d'\]"):
        IoUMetric(num_classes=3, class_names=NAMES, class_subsets=dict(x=['a', 'd']))
    for subsets, message in ((dict(mIoU=['a']), 'always reports'),
                             (dict(x=[]), 'at least one class'),
                             (dict(x=['a', 'a']), 'each once'),
                             (dict(x='a'), 'one string')):
        with pytest.raises(ValueError, match=message):
            IoUMetric(class_subsets=subsets)
    assert evaluate([[([[0, 1]], [[0, 1]])]], class_subsets=dict(ab=('a', 'b')))['ab'] == 100.0
