"""SourceOnly training and the UDAMethod contract (modes, evaluation, update helpers)."""
import copy

import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper, OptimWrapperDict

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.methods import UDAMethod
from segda.registry import MODELS

NUM_CLASSES = 3


def tiny_method(type_='SourceOnly'):
    torch.manual_seed(0)
    return MODELS.build(dict(
        type=type_,
        data_preprocessor=dict(type='SegDataPreProcessor'),
        task=dict(type='Segmentor', num_classes=NUM_CLASSES,
                  backbone=dict(type='ResNet', depth=18),
                  decoder=dict(type='FCNDecoder', channels=16, dropout=0.5))))


def labelled_batch(seed=0, size=(32, 64)):
    generator = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 256, (2, 3, *size), dtype=torch.uint8, generator=generator)
    labels = torch.randint(0, NUM_CLASSES, (2, *size), dtype=torch.uint8, generator=generator)
    labels[:, :4] = 255
    samples = [dict(gt_seg=label, img_shape=size) for label in labels]
    return dict(inputs=images, data_samples=samples)


def sgd(module):
    return OptimWrapper(torch.optim.SGD(module.parameters(), lr=0.1, momentum=0.9))


def test_one_train_step_updates_the_model_and_logs_a_finite_loss():
    model = tiny_method().train()
    before = copy.deepcopy(model.state_dict())

    log_vars = model.train_step(labelled_batch(), sgd(model))

    assert set(log_vars) == {'loss_task'}
    assert torch.isfinite(log_vars['loss_task']) and not log_vars['loss_task'].requires_grad
    changed = [name for name, value in model.state_dict().items()
               if value.is_floating_point() and not torch.equal(value, before[name])]
    assert any(name.startswith('task.generator.') for name in changed)
    assert any(name.startswith('task.head.') for name in changed)


def test_a_domain_pair_trains_on_its_source_only():
    plain, paired = tiny_method().train(), tiny_method().train()
    source = labelled_batch(seed=1)
    target = dict(inputs=torch.zeros(1, 3, 16, 16, dtype=torch.uint8), data_samples=[{}])

    torch.manual_seed(5)
    expected = plain.train_step(source, sgd(plain))['loss_task']
    torch.manual_seed(5)
    got = paired.train_step(dict(source=source, target=target), sgd(paired))['loss_task']

    assert torch.equal(got, expected)


def test_val_step_predicts_at_the_label_size():
    model = tiny_method().eval()
    batch = dict(inputs=torch.randint(0, 256, (2, 3, 32, 48), dtype=torch.uint8),
                 data_samples=[dict(gt_seg=torch.zeros(40, 60, dtype=torch.uint8), img_path='a'),
                               dict(ori_shape=(16, 24), img_path='b')])
    outputs = model.val_step(batch)
    assert [tuple(o['pred_seg'].shape) for o in outputs] == [(40, 60), (16, 24)]
    assert [o['img_path'] for o in outputs] == ['a', 'b']
    assert all(o['pred_seg'].dtype == torch.int64 for o in outputs)
    assert model.test_step(batch)[0]['pred_seg'].shape == (40, 60)


def test_forward_modes():
    model = tiny_method().eval()
    data = model.data_preprocessor(labelled_batch(), True)
    assert model(data['inputs']).shape == (2, NUM_CLASSES, 32, 64)
    assert set(model(data['inputs'], data['data_samples'], mode='loss')) == {'loss_ce'}
    assert len(model(data['inputs'], data['data_samples'], mode='predict')) == 2
    with pytest.raises(ValueError, match='mode'):
        model(data['inputs'], mode='features')


def test_the_base_method_has_no_training_rule_and_needs_pairs():
    model = tiny_method('SourceOnly')
    with pytest.raises(NotImplementedError):
        UDAMethod.train_step(model, labelled_batch(), sgd(model))
    with pytest.raises(ValueError, match='domain pairs'):
        model.preprocess_pair(labelled_batch())


def test_extract_pair_matches_separate_forwards():
    model = tiny_method().eval()
    source = torch.randn(2, 3, 33, 47)
    target = torch.randn(1, 3, 33, 47)
    feats_s, feats_t = model.extract_pair(source, target)
    for pair_feats, inputs in ((feats_s, source), (feats_t, target)):
        alone = model.task.extract(inputs)
        assert pair_feats.input_size == alone.input_size == (33, 47)
        assert all(torch.allclose(a, b, atol=1e-5) for a, b in zip(pair_feats, alone))
    detached = model.detach_features(feats_s)
    assert detached.input_size == (33, 47) and not detached[-1].requires_grad
    with pytest.raises(ValueError, match='differ in size'):
        model.extract_pair(source, torch.randn(1, 3, 32, 47))


def test_update_steps_and_differentiates_only_the_named_parts():
    model = tiny_method().eval()  # deterministic forwards: BN statistics and no dropout
    parts = model.parts()
    optim = OptimWrapperDict(**{name: sgd(part) for name, part in parts.items()})
    inputs = model.data_preprocessor(labelled_batch(), True)['inputs']
    head_before = copy.deepcopy(dict(parts['head'].named_parameters()))
    generator_before = copy.deepcopy(dict(parts['generator'].named_parameters()))

    model.update(optim, model(inputs).square().mean(), ('generator',))
    assert parts['head'].classifier.score.bias.grad is None  # a G step computes no gradient for C
    assert all(torch.equal(p, head_before[k]) for k, p in parts['head'].named_parameters())
    assert any(not torch.equal(p, generator_before[k])
               for k, p in parts['generator'].named_parameters())

    head_params = list(parts['head'].parameters())
    expected = torch.autograd.grad(model(inputs).mean(), head_params)
    model.update(optim, model(inputs).mean(), ('head',))
    assert all(torch.allclose(p.grad, g, atol=1e-7) for p, g in zip(head_params, expected))
    with pytest.raises(KeyError, match='discriminator'):
        model.update(optim, model(inputs).mean(), ('discriminator',))


def test_progress_reads_the_runner_iteration():
    hub = MessageHub.get_instance('test_source_only_progress')
    hub.update_info('iter', 30)
    hub.update_info('max_iters', 120)
    assert UDAMethod.progress() == pytest.approx(0.25)
    hub.update_info('max_iters', None)
    with pytest.raises(RuntimeError, match='max_iters'):
        UDAMethod.progress()


def test_channels_last_inputs_convert_the_weights_once_and_train_alike():
    contiguous, channels_last = tiny_method().train(), tiny_method().train()
    for module in (*contiguous.modules(), *channels_last.modules()):
        if isinstance(module, torch.nn.modules.dropout._DropoutNd):
            module.p = 0.0  # masks are drawn in memory order: they would differ
    channels_last.data_preprocessor.channels_last = True
    for model in (contiguous, channels_last):
        torch.manual_seed(2)
        model.init_weights()  # what the Runner calls before training
    conv = channels_last.task.generator.modules()
    weights = [m.weight for m in conv if isinstance(m, torch.nn.Conv2d)]
    assert weights and all(w.is_contiguous(memory_format=torch.channels_last) for w in weights)

    optims = [sgd(model) for model in (contiguous, channels_last)]
    for model, optim in zip((contiguous, channels_last), optims):
        model.train_step(labelled_batch(), optim)
    assert all(w.is_contiguous(memory_format=torch.channels_last) for w in weights)
    for key, value in contiguous.state_dict().items():
        torch.testing.assert_close(channels_last.state_dict()[key], value, rtol=1e-4, atol=1e-5)
