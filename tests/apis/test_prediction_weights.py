"""A checkpoint to evaluate must hold the weights the predictions read, which are not always
the task's: DACS's teacher when it predicts, SymNets' Ct. A source-only (task) checkpoint in
those configs used to load and predict with the teacher or Ct as constructed."""
import pytest
import torch

from segda.apis.checkpoint_check import CheckpointMismatchError, check_weights_fit

from helpers.segmentation_methods import build


def task_only(model):
    return {key: value for key, value in model.state_dict().items() if key.startswith('task.')}


def test_a_task_checkpoint_cannot_be_evaluated_with_the_teacher():
    model = build('DACS', eval_network='teacher')
    with pytest.raises(CheckpointMismatchError, match=r'\(of teacher\) are missing') as error:
        check_weights_fit(model, task_only(model), 'task.pth')
    assert 'teacher.' in str(error.value) and 'task.pth' in str(error.value)


def test_a_task_checkpoint_evaluates_the_student():
    model = build('DACS', eval_network='student')
    check_weights_fit(model, task_only(model), 'task.pth')  # the teacher is not read


def test_a_full_checkpoint_evaluates_the_teacher():
    model = build('DACS', eval_network='teacher')
    check_weights_fit(model, model.state_dict(), 'dacs.pth')


@pytest.mark.parametrize('eval_classifier, refused', [('target', True), ('source', False)])
def test_symnets_needs_ct_only_when_ct_predicts(eval_classifier, refused):
    model = build('SymNets', eval_classifier=eval_classifier)
    state = task_only(model)
    if refused:
        with pytest.raises(CheckpointMismatchError, match='target_classifier'):
            check_weights_fit(model, state, 'task.pth')
    else:
        check_weights_fit(model, state, 'task.pth')


def test_a_bare_task_model_needs_every_weight():
    task = build('SourceOnly').task
    state = dict(task.state_dict())
    state.pop(next(iter(state)))
    with pytest.raises(CheckpointMismatchError):
        check_weights_fit(task, state, 'bare.pth')
    check_weights_fit(task, {k: torch.zeros_like(v) for k, v in task.state_dict().items()},
                      'bare.pth')
