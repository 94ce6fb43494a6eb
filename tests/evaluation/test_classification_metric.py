"""AccuracyMetric: accuracy, mean per-class accuracy (VisDA) and the confusion matrix against
hand-computed values; ADR's C' and SymNets' other classifier alongside C; one result per
sample (distributed padding)."""
import pytest
import torch

import segda.evaluation.classification as classification_module
from segda.registry import METRICS

CLASSES = ('cat', 'dog', 'eel')
#           gt:   0  0  0  0  1  1  2  2  2  2
GT = torch.tensor([0, 0, 0, 0, 1, 1, 2, 2, 2, 2])
PRED = torch.tensor([0, 0, 0, 1, 1, 2, 2, 2, 0, 0])
# hand count: rows = gt, columns = pred
CONFUSION = [[3, 1, 0],
             [0, 1, 1],
             [2, 0, 2]]
ACCURACY = 100 * 6 / 10
MEAN_CLASS = 100 * (3 / 4 + 1 / 2 + 2 / 4) / 3


def outputs(gt, pred, **others):
    """One output per sample; ``others`` adds ``pred_label_<name>`` (e.g. ``clean=...``)."""
    samples = [dict(gt_label=g, pred_label=p) for g, p in zip(gt, pred)]
    for name, labels in others.items():
        for sample, label in zip(samples, labels):
            sample[f'pred_label_{name}'] = label
    return samples


def metric(**kwargs):
    built = METRICS.build(dict(type='AccuracyMetric', **kwargs))
    built.dataset_meta = dict(classes=CLASSES)
    return built


@pytest.fixture
def logged(monkeypatch):
    messages = []
    monkeypatch.setattr(classification_module, 'print_log',
                        lambda message, **kwargs: messages.append(message))
    return messages


def test_accuracy_mean_class_accuracy_and_confusion_by_hand(logged):
    m = metric()
    m.process({}, outputs(GT[:7], PRED[:7]))  # uneven batches
    m.process({}, outputs(GT[7:], PRED[7:]))
    assert len(m.results) == 10  # one result per sample
    result = m.evaluate(size=10)
    assert result == pytest.approx(dict(accuracy=ACCURACY, mean_class_accuracy=MEAN_CLASS))
    log = logged[0]
    matrix = log.split('confusion matrix of pred_label')[1].splitlines()[2:]
    assert [row.split()[:2] for row in matrix] == [['0', 'cat'], ['1', 'dog'], ['2', 'eel']]
    assert [[int(v) for v in row.split()[2:]] for row in matrix] == CONFUSION
    assert 'cat' in log and '75.00' in log and '50.00' in log
    assert m.results == []  # evaluate clears the stored results


def test_mean_class_accuracy_differs_from_accuracy_on_imbalanced_classes(logged):
    gt = torch.tensor([0] * 8 + [1, 2])
    pred = torch.zeros(10, dtype=torch.long)  # always 'cat'
    m = metric()
    m.process({}, outputs(gt, pred))
    result = m.evaluate(size=10)
    assert result['accuracy'] == pytest.approx(80.0)
    assert result['mean_class_accuracy'] == pytest.approx(100 / 3)


def test_clean_classifier_is_reported_alongside(logged):
    clean = GT.clone()
    m = metric(prefix='target')
    m.process({}, outputs(GT, PRED, clean=clean))
    result = m.evaluate(size=10)
    assert result == pytest.approx({'target/accuracy': ACCURACY,
                                    'target/mean_class_accuracy': MEAN_CLASS,
                                    'target/accuracy_clean': 100.0,
                                    'target/mean_class_accuracy_clean': 100.0})
    assert "acc C'" in logged[0] and 'confusion matrix of pred_label_clean' in logged[0]


@pytest.mark.parametrize('name, suffix, column', [('source', '_source', 'acc Cs'),
                                                   ('target', '_target', 'acc Ct')])
def test_symnets_other_classifier_is_reported_alongside(logged, name, suffix, column):
    """SymNets (Fig. 4): Cs beside the evaluated Ct (or Ct beside Cs), from the same outputs."""
    m = metric()
    m.process({}, outputs(GT, PRED, **{name: PRED.flip(0)}))
    result = m.evaluate(size=10)
    flipped = metric()
    flipped.process({}, outputs(GT, PRED.flip(0)))
    alone = flipped.evaluate(size=10)
    assert result == pytest.approx(dict(accuracy=ACCURACY, mean_class_accuracy=MEAN_CLASS,
                                        **{f'accuracy{suffix}': alone['accuracy'],
                                           f'mean_class_accuracy{suffix}':
                                               alone['mean_class_accuracy']}))
    assert column in logged[0] and f'confusion matrix of pred_label{suffix}' in logged[0]


def test_padded_duplicates_are_dropped_by_truncating_to_the_dataset_size(logged):
    m = metric()
    m.process({}, outputs(GT, PRED))
    m.process({}, outputs(GT[:2], 1 - GT[:2]))  # a distributed sampler's padding: wrong
    assert m.evaluate(size=10)['accuracy'] == pytest.approx(ACCURACY)


def test_missing_fields_classes_and_ranges_are_errors(logged):
    m = metric()
    with pytest.raises(KeyError, match='gt_label'):
        m.process({}, [dict(pred_label=torch.tensor(1))])
    with pytest.raises(KeyError, match='pred_label'):
        m.process({}, [dict(gt_label=torch.tensor(1))])
    with pytest.raises(ValueError, match='no samples'):
        m.compute_metrics([])
    with pytest.raises(ValueError, match=r'outside \[0, 3\)'):
        m.compute_metrics(outputs([5], [0]))
    with pytest.raises(ValueError, match='outside'):  # a prediction past the K classes
        m.compute_metrics(outputs([0], [3]))
    with pytest.raises(ValueError, match='1 of 2 outputs'):
        m.compute_metrics([dict(gt_label=0, pred_label=0, pred_label_clean=0),
                           dict(gt_label=0, pred_label=0)])
    bare = METRICS.build(dict(type='AccuracyMetric'))
    with pytest.raises(ValueError, match="dataset_meta\\['classes'\\]"):
        bare.compute_metrics(outputs([0], [0]))
