"""AccuracyMetric: dataset-level top-1 accuracy from per-batch (correct, count)."""
import pytest
import torch

from segda.evaluation.accuracy import AccuracyMetric
from segda.registry import METRICS


def outputs(preds, labels, key='pred_label'):
    return [{key: p, 'gt_label': y} for p, y in zip(preds, labels)]


def test_accuracy_over_uneven_batches_matches_the_pooled_mean():
    generator = torch.Generator().manual_seed(0)
    preds = torch.randint(0, 3, (23,), generator=generator)
    labels = torch.randint(0, 3, (23,), generator=generator)
    metric = METRICS.build(dict(type='AccuracyMetric'))
    for start, stop in ((0, 10), (10, 20), (20, 23)):  # the last batch is smaller
        metric.process({}, outputs(preds[start:stop], labels[start:stop]))
    assert metric.results == [(int((preds[a:b] == labels[a:b]).sum()), b - a)
                              for a, b in ((0, 10), (10, 20), (20, 23))]
    expected = 100.0 * (preds == labels).double().mean().item()
    assert metric.evaluate(size=23) == pytest.approx(dict(accuracy=expected))
    assert metric.results == []  # evaluate clears the stored batches


def test_perfect_and_wrong_predictions_and_prefix():
    labels = torch.tensor([0, 1, 1, 0])
    metric = AccuracyMetric(prefix='target')
    metric.process({}, outputs(labels, labels))
    assert metric.evaluate(size=4) == {'target/accuracy': 100.0}
    metric.process({}, outputs(1 - labels, labels))
    assert metric.evaluate(size=4) == {'target/accuracy': 0.0}


def test_pred_key_selects_another_prediction():
    labels = torch.tensor([0, 1, 1, 0])
    samples = [dict(sample, pred_label=torch.tensor(0))
               for sample in outputs(labels, labels, key='pred_label_clean')]
    metric = AccuracyMetric(pred_key='pred_label_clean')
    metric.process({}, samples)
    assert metric.evaluate(size=4) == dict(accuracy=100.0)


def test_missing_fields_and_empty_results_are_errors():
    metric = AccuracyMetric()
    with pytest.raises(KeyError, match='gt_label'):
        metric.process({}, [dict(pred_label=torch.tensor(1))])
    with pytest.raises(KeyError, match='pred_label'):
        metric.process({}, [dict(gt_label=torch.tensor(1))])
    with pytest.raises(ValueError, match='no samples'):
        metric.compute_metrics([])
