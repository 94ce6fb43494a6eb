"""DACS's step on a tiny Segmentor: one update of G and C on the source plus the mixed images,
then the teacher moves by exactly the EMA rule; the teacher is never trained by gradients nor
stepped by an optimiser, predicts in eval mode, is in the checkpoint, and predicts when
``eval_network='teacher'``. DAFormer's feature distance and MIC's masked consistency (DACS
options): the frozen backbone is the initial student, outside the optimisers, never changed,
in the checkpoint; the distance term is lambda times the distance to it; MIC learns the
teacher's pseudo-labels of the unmasked target, in the same single update."""
import copy

import pytest
import torch
from mmengine.logging import MessageHub

from segda.apis.checkpoint_check import check_resumable
from segda.methods.self_training import (
    ema_alpha,
    mask_images,
    pixel_weighted_cross_entropy,
    strong_transform,
)
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

# DAFormer's feature distance over every feature pixel (classes=None: the random labels of the
# tiny batches have no cell a class covers 75 % of) and MIC with 8 px blocks.
FD_MIC = dict(imnet_feature_dist_lambda=0.5, mask_lambda=2.0, mask_block_size=8)


def dacs(**kwargs):
    return build('DACS', **kwargs)


def total_loss(log, mask_lambda=0.0):
    """L_S + L_FD + L_M + lambda_MIC L_MIC from a step's log (absent terms: 0)."""
    return (log['loss_source'] + log.get('loss_feature_dist', 0) + log['loss_mix']
            + mask_lambda * log.get('loss_masked', 0))


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


@pytest.mark.parametrize('options', [dict(), FD_MIC], ids=['dacs', 'feature_distance_and_mic'])
def test_one_step_updates_the_student_once_then_moves_the_teacher_by_the_ema_rule(options):
    model = dacs(**options)
    perturb(model.teacher)  # a teacher apart from the student, as after some steps
    teacher_before = state(model.teacher)
    spy = UpdateSpy(model)
    log = model.train_step(pair(), optimisers(model))

    (call,) = spy.calls
    assert call.parts == ('generator', 'head') and call.changed == {'generator', 'head'}
    torch.testing.assert_close(call.losses[call.parts],
                               total_loss(log, options.get('mask_lambda', 0.0)))
    assert ('loss_feature_dist' in log) == ('loss_masked' in log) == bool(options)
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


def test_the_frozen_backbone_is_outside_the_optimisers_gets_no_gradient_and_never_changes():
    model = dacs(**FD_MIC)
    perturb(model.imnet_backbone)  # apart from the student, as after some steps
    frozen_before = state(model.imnet_backbone)
    optim = optimisers(model)
    optimised = {id(p) for wrapper in optim.values()
                 for group in wrapper.optimizer.param_groups for p in group['params']}
    assert not optimised & {id(p) for p in model.imnet_backbone.parameters()}
    assert not any(p.requires_grad for p in model.imnet_backbone.parameters())
    assert not any(module.training for module in model.train().imnet_backbone.modules())
    log = model.train_step(pair(), optim)
    assert log['loss_feature_dist'] > 0
    assert all(p.grad is None for p in model.imnet_backbone.parameters())
    for key, value in model.imnet_backbone.state_dict().items():
        assert torch.equal(value, frozen_before[key]), key


def test_at_the_first_iteration_the_frozen_backbone_becomes_the_initial_students_generator():
    MessageHub.get_current_instance().update_info('iter', 0)
    model = dacs(**FD_MIC)
    perturb(model.imnet_backbone)  # as after init_weights or load_from changed the student only
    generator_before = state(model.task.generator)
    model.train_step(pair(), optimisers(model))
    for key, value in model.imnet_backbone.state_dict().items():
        assert torch.equal(value, generator_before[key]), key
    assert any(not torch.equal(generator_before[key], value)
               for key, value in model.task.generator.state_dict().items())


def test_the_feature_distance_term_is_lambda_times_the_mean_distance_to_the_frozen_backbone():
    model = dacs(**FD_MIC)
    perturb(model.imnet_backbone)
    reference_model = copy.deepcopy(model)
    with torch.no_grad():
        inputs = reference_model.preprocess_pair(pair())[0]['inputs']
        features = reference_model.task.extract(inputs)[-1]
        frozen = reference_model.imnet_backbone(inputs)[-1]
    expected = 0.5 * torch.norm(features - frozen, dim=1).mean()
    log = model.train_step(pair(), optimisers(model))
    torch.testing.assert_close(log['loss_feature_dist'], expected)


def test_mic_learns_the_teachers_pseudo_labels_and_weights_of_the_unmasked_target():
    model = dacs(pseudo_threshold=0.0, **FD_MIC)
    target = model.preprocess_pair(pair())[1]['inputs']
    teacher_calls, mic_calls = [], []
    teacher_labels, masked_consistency = model.teacher_labels, model.masked_consistency

    def recording_teacher_labels(inputs):
        teacher_calls.append((inputs, teacher_labels(inputs)))
        return teacher_calls[-1][1]

    def recording_masked_consistency(inputs, labels, weights):
        mic_calls.append((inputs, labels, weights))
        return masked_consistency(inputs, labels, weights)

    model.teacher_labels, model.masked_consistency = (recording_teacher_labels,
                                                      recording_masked_consistency)
    log = model.train_step(pair(), optimisers(model))
    ((teacher_inputs, (labels, weights, _)),) = teacher_calls
    ((mic_inputs, mic_labels, mic_weights),) = mic_calls
    assert torch.equal(teacher_inputs, target) and torch.equal(mic_inputs, target)  # unmasked
    assert mic_labels is labels and mic_weights is weights
    assert log['loss_masked'] > 0


def test_the_masked_consistency_is_the_weighted_cross_entropy_on_the_augmented_masked_target():
    model = dacs(**FD_MIC)
    target = model.preprocess_pair(pair())[1]['inputs']
    labels = torch.randint(0, 3, (2, *target.shape[-2:]))
    weights = torch.rand(2, *target.shape[-2:])
    mean, std = model.data_preprocessor.mean, model.data_preprocessor.std
    torch.manual_seed(7)
    loss = model.masked_consistency(target, labels, weights)
    torch.manual_seed(7)  # the same draws: jitter and blur, the blocks, the head's dropout
    images = mask_images(strong_transform(target, mean, std, 0.2, 0.8, 0.5), 0.7, 8)
    torch.testing.assert_close(loss, pixel_weighted_cross_entropy(model.task(images), labels,
                                                                  weights))


def test_the_frozen_backbone_is_in_the_checkpoint_only_when_the_distance_is_on():
    keys = dacs(**FD_MIC).state_dict().keys()
    assert {key for key in keys if key.startswith('imnet_backbone.')} == {
        f'imnet_backbone.{key}' for key in dacs().task.generator.state_dict()}
    model = dacs()
    assert model.imnet_backbone is None
    assert not any(key.startswith('imnet_backbone.') for key in model.state_dict())


def test_thing_classes_without_their_ratio_are_refused():
    with pytest.raises(ValueError, match='imnet_feature_dist_scale_min_ratio'):
        dacs(imnet_feature_dist_lambda=0.005, imnet_feature_dist_classes=[1])


def test_daformers_network_trains_with_the_feature_distance_and_mic():
    """MiT (stochastic depth, LayerNorm) and DAFormer's decoder: the frozen MiT keeps its
    weights and no drop path (eval mode), the student's G and C take one step."""
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='DACS', data_preprocessor=dict(type='SegDataPreProcessor'),
        imnet_feature_dist_lambda=0.005, imnet_feature_dist_classes=[1, 2],
        imnet_feature_dist_scale_min_ratio=0.0, mask_lambda=1.0, mask_block_size=16,
        task=dict(type='Segmentor', num_classes=K,
                  backbone=dict(type='MixVisionTransformer', arch='b0', drop_path_rate=0.1),
                  decoder=dict(type='DAFormerHead', embed_dims=16, channels=16)))).train()
    perturb(model.imnet_backbone)
    frozen_before = state(model.imnet_backbone)
    images = torch.randint(0, 256, (2, 3, 64, 64), dtype=torch.uint8)
    labels = torch.randint(0, K, (2, 64, 64), dtype=torch.uint8)
    source = dict(inputs=images, data_samples=[dict(gt_seg=label) for label in labels])
    target = dict(inputs=images.flip(-1), data_samples=[{}, {}])
    spy = UpdateSpy(model)
    log = model.train_step(dict(source=source, target=target), optimisers(model))
    (call,) = spy.calls
    assert call.changed == {'generator', 'head'} and log['loss_feature_dist'] > 0
    assert all(torch.equal(value, frozen_before[key])
               for key, value in model.imnet_backbone.state_dict().items())
    assert not any(module.training for module in model.imnet_backbone.modules())
    assert model.task.generator.block1[1].drop_path.training  # the student's is on
