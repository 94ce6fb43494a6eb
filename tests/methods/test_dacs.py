"""DACS's step on a tiny Segmentor: one update of G and C on the source plus the mixed images,
then the teacher moves by exactly the EMA rule; the teacher is never trained by gradients nor
stepped by an optimiser, predicts in eval mode, is in the checkpoint, and predicts when
``eval_network='teacher'``."""
import copy

import pytest
import torch
from mmengine.logging import MessageHub

from segda.apis.checkpoint_check import check_resumable
from segda.methods.self_training import ema_alpha
from segda.registry import MODELS

from helpers.segmentation_methods import (  # noqa: F401  (progress: the runner's, autouse)
    ITER,
    K,
    UpdateSpy,
    batch,
    build,
    optimisers,
    pair,
    progress,
)


def dacs(**kwargs):
    return build('DACS', **kwargs)


def state(module):
    return {key: value.detach().clone() for key, value in module.state_dict().items()}


def perturb(module):
    """Move every floating tensor of ``module`` so that it differs from the student."""
    with torch.no_grad():
        for value in module.state_dict().values():
            if value.is_floating_point():
                value.add_(0.01)


def test_the_teacher_is_outside_the_optimisers_and_gets_no_gradient():
    model = dacs()
    optim = optimisers(model)
    assert set(optim.keys()) == {'generator', 'head'}
    optimised = {id(p) for wrapper in optim.values()
                 for group in wrapper.optimizer.param_groups for p in group['params']}
    assert optimised and not optimised & {id(p) for p in model.teacher.parameters()}
    assert not any(p.requires_grad for p in model.teacher.parameters())
    model.train_step(pair(), optim)
    assert all(p.grad is None for p in model.teacher.parameters())


def test_the_teacher_stays_in_eval_mode_while_the_student_trains():
    model = dacs().train()
    assert model.task.training and not model.teacher.training
    assert not any(module.training for module in model.teacher.modules())
    model.eval()
    assert not model.task.training


def test_one_step_updates_the_student_once_then_moves_the_teacher_by_the_ema_rule():
    model = dacs()
    perturb(model.teacher)  # a teacher apart from the student, as after some steps
    teacher_before = state(model.teacher)
    spy = UpdateSpy(model)
    log = model.train_step(pair(), optimisers(model))

    (call,) = spy.calls
    assert call.parts == ('generator', 'head') and call.changed == {'generator', 'head'}
    torch.testing.assert_close(call.losses[call.parts], log['loss_source'] + log['loss_mix'])
    alpha = ema_alpha(ITER, 0.99)
    assert log['ema_alpha'] == alpha == 10 / 11
    student = state(model.task)
    for key, value in model.teacher.state_dict().items():
        if value.is_floating_point():
            expected = alpha * teacher_before[key] + (1 - alpha) * student[key]
            assert torch.equal(value, expected), key
        else:
            assert torch.equal(value, student[key]), key


def test_at_the_first_iteration_the_teacher_starts_from_the_student_and_becomes_it():
    MessageHub.get_current_instance().update_info('iter', 0)
    model = dacs()
    perturb(model.teacher)  # as after init_weights or load_from changed the student only
    student_before = state(model.task)
    with torch.no_grad():
        target = model.data_preprocessor(pair(), True)['target']['inputs']
        predicted = copy.deepcopy(model.task).eval()(target).argmax(1)
    calls, teacher_labels = [], model.teacher_labels

    def recording_teacher_labels(inputs):
        calls.append(teacher_labels(inputs))
        return calls[-1]

    model.teacher_labels = recording_teacher_labels
    model.train_step(pair(), optimisers(model))

    assert torch.equal(calls[0][0], predicted)  # pseudo-labels of the student as it was
    assert any(not torch.equal(student_before[key], value)
               for key, value in model.task.state_dict().items())
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, model.task.state_dict()[key]), key  # alpha_0 = 0


def test_the_mixed_loss_weighs_target_pixels_by_the_confidence_and_source_pixels_by_one():
    model = dacs(pseudo_threshold=0.0, pseudo_weight_ignore_top=3)
    source, target = model.preprocess_pair(pair())
    labels_t, weights_t, confidence = model.teacher_labels(target['inputs'])
    assert confidence == 1.0  # every pixel reaches tau = 0
    assert torch.equal(weights_t[:, :3], torch.zeros_like(weights_t[:, :3]))
    assert torch.equal(weights_t[:, 3:], torch.ones_like(weights_t[:, 3:]))
    labels_s = model.task.labels(source['data_samples'], source['inputs'])
    _, labels_m, weights_m = model.mixed_batch(source, labels_s, target, labels_t,
                                               0.5 * weights_t)
    pasted = labels_m == labels_s
    assert torch.equal(weights_m[pasted & (labels_m != labels_t)],
                       torch.ones_like(weights_m[pasted & (labels_m != labels_t)]))
    assert set(weights_m[~pasted].unique().tolist()) <= {0.0, 0.5}


def test_the_teacher_is_in_the_state_dict_so_checkpoints_resume_it():
    model = dacs()
    keys = model.state_dict().keys()
    teacher_keys = {key for key in keys if key.startswith('teacher.')}
    assert teacher_keys == {f'teacher.{key}' for key in model.task.state_dict()}
    check_resumable(model, dict(state_dict=model.state_dict()), 'iter_2.pth')
    without_teacher = {key: value for key, value in model.state_dict().items()
                       if not key.startswith('teacher.')}
    with pytest.raises(ValueError, match='teacher'):
        check_resumable(model, dict(state_dict=without_teacher), 'iter_2.pth')


@pytest.mark.parametrize('eval_network', ['student', 'teacher'])
def test_eval_network_chooses_which_network_predicts(eval_network):
    model = dacs(eval_network=eval_network).eval()
    perturb(model.teacher)
    inputs = model.data_preprocessor(batch(3, labelled=False), False)['inputs']
    network = model.teacher if eval_network == 'teacher' else model.task
    other = model.task if eval_network == 'teacher' else model.teacher
    with torch.no_grad():
        logits = model.predict_logits(inputs)
        assert torch.equal(logits, network.inference(inputs))
        assert not torch.equal(logits, other.inference(inputs))
        predictions = model.predict(inputs, batch(3, labelled=False)['data_samples'])
    assert torch.equal(predictions[0]['pred_seg'], logits[0].argmax(0))


def test_arguments_are_checked():
    with pytest.raises(ValueError, match='eval_network'):
        dacs(eval_network='ema')
    with pytest.raises(ValueError, match='alpha'):
        dacs(alpha=1.5)
    with pytest.raises(ValueError, match='segmentation task'):
        MODELS.build(dict(type='DACS', task=dict(
            type='Classifier', num_classes=K,
            backbone=dict(type='MLP', in_channels=4, hidden=(8,)),
            head=dict(type='ClassificationHead', hidden=(8,)))))
