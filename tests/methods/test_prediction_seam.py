"""One prediction seam (TaskModel.inference): every method's predictions, whatever classifier
they come from, follow the task's test_cfg; what a method needs of a task is declared."""
import pytest
import torch

from segda.models.tasks.base import CAPABILITIES
from segda.registry import MODELS

NUM_CLASSES = 4
SLIDE = dict(mode='slide', crop_size=(32, 32), stride=(24, 24))


def segmentor(test_cfg=None):
    return dict(type='Segmentor', backbone=dict(type='ResNet', depth=18, pretrained=None),
                decoder=dict(type='FCNDecoder', channels=16, dropout=0.5,
                             dropout_sites=('fc6', 'fc7')),
                num_classes=NUM_CLASSES, test_cfg=test_cfg)


def build(method: dict, test_cfg=None):
    torch.manual_seed(0)
    return MODELS.build(dict(method, task=segmentor(test_cfg))).eval()


def count_extracts(model) -> list:
    """The input shapes of every G pass of ``model.task`` (a spy on ``extract``)."""
    shapes, extract = [], model.task.extract

    def spy(inputs):
        shapes.append(tuple(inputs.shape[-2:]))
        return extract(inputs)

    model.task.extract = spy
    return shapes


# 56 x 50 with 32 x 32 windows every 24 pixels: 2 rows x 2 columns.
INPUTS = torch.randn(1, 3, 50, 56)
SAMPLES = [dict(img_shape=(50, 56), ori_shape=(50, 56))]


@pytest.mark.parametrize('method, classifier', [
    (dict(type='SymNets'), lambda model: model.classify_target),
    (dict(type='SymNets', eval_classifier='source'), lambda model: model.classify_source),
    (dict(type='ADR', clean_head=True), lambda model: model.classify_with_clean),
    (dict(type='SourceOnly'), lambda model: None),
])
def test_every_method_predicts_through_the_sliding_window(method, classifier):
    model, whole = build(method, SLIDE), build(method)
    whole.load_state_dict(model.state_dict())
    with torch.no_grad():
        expected = model.task.slide_inference(INPUTS, (32, 32), (24, 24), classifier(model))
        windows = count_extracts(model)
        outputs = model.predict(INPUTS, SAMPLES)
        whole_logits = whole.task.inference(INPUTS, classifier(whole))
    assert windows == [(32, 32)] * 4  # one G pass per window, C' included
    assert not torch.allclose(expected, whole_logits, atol=1e-4)  # the modes differ here
    logits = expected[:, :NUM_CLASSES]
    assert torch.equal(outputs[0]['pred_seg'], logits[0].argmax(0))
    if method.get('clean_head'):
        assert torch.equal(outputs[0]['pred_seg_clean'], expected[0, NUM_CLASSES:].argmax(0))
    with torch.no_grad():
        torch.testing.assert_close(model.predict_logits(INPUTS), logits)


def test_predict_logits_are_the_ones_behind_the_predictions():
    model = build(dict(type='SymNets'))
    with torch.no_grad():
        logits = model.predict_logits(INPUTS)
        hidden, _ = model.task.narrow_split()
        expected = model.target_classifier(hidden(model.task.extract(INPUTS)))
        prediction = model.predict(INPUTS, SAMPLES)[0]['pred_seg']
    torch.testing.assert_close(logits, expected)
    assert torch.equal(prediction, logits[0].argmax(0))


def test_tasks_declare_their_capabilities_and_contract():
    seg = MODELS.build(segmentor())
    assert seg.capabilities() == set(CAPABILITIES) and seg.ignore_index == 255
    no_dropout = MODELS.build(dict(segmentor(), decoder=dict(type='FCNDecoder', channels=16,
                                                               dropout=0.0)))
    assert 'head_dropout' not in no_dropout.capabilities()
    reid = MODELS.build(dict(type='ReIDTask', backbone=dict(type='DMLNet')))
    assert 'class_logits' not in reid.capabilities() and reid.num_classes is None
    assert reid.ignore_index == -1
    with pytest.raises(ValueError, match=r'ADR needs a classifier with dropout \(C with '
                                         r'dropout is the critic.*set dropout > 0'):
        MODELS.build(dict(type='ADR', task=dict(segmentor(), decoder=dict(
            type='FCNDecoder', channels=16, dropout=0.0))))
