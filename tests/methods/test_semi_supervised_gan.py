"""ADR's semi-supervised GAN step on a tiny critic and generator: the C step (Eq. 6) changes
the critic alone, the G step (Eq. 9) the image generator alone, once each per iteration;
appendix E's classifier learns on its own; a critic without dropout is refused."""
import pytest
import torch

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.engine.optim import PartsOptimWrapperConstructor
from segda.registry import MODELS

SIZE, K, N = 12, 3, 6


def build(**kwargs):
    backbone = dict(type='SalimansCritic', in_channels=3, widths=(4, 8), norm='batch_norm')
    backbone.update(kwargs.pop('backbone', {}))
    return MODELS.build(dict(
        type='ADRSemiSupervisedGAN',
        task=dict(type='Classifier', backbone=backbone,
                  head=dict(type='ClassificationHead', hidden=(), dropout=0.0), num_classes=K),
        image_generator=dict(type='SalimansGenerator', noise_dim=8, widths=(8, 4),
                             base_size=3, out_channels=3),
        **kwargs))


def optimisers(model):
    sgd = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1))
    return PartsOptimWrapperConstructor({name: sgd for name in model.parts()})(model)


def pair_batch():
    torch.manual_seed(0)
    labelled = dict(inputs=torch.rand(N, 3, SIZE, SIZE) * 2 - 1,
                    data_samples=[dict(gt_label=i % K) for i in range(N)])
    unlabelled = dict(inputs=torch.rand(N, 3, SIZE, SIZE) * 2 - 1,
                      data_samples=[{} for _ in range(N)])
    return dict(source=labelled, target=unlabelled)


def snapshot(model):
    return {name: [p.detach().clone() for p in part.parameters()]
            for name, part in model.parts().items()}


def changed(before, after):
    return sorted(name for name in before
                  if any(not torch.equal(a, b) for a, b in zip(before[name], after[name])))


def spy_updates(model, monkeypatch):
    """[(names stepped, parts whose parameters changed)] for each update of a train step."""
    calls, update = [], model.update

    def recording_update(optim_wrapper, loss, names):
        before = snapshot(model)
        update(optim_wrapper, loss, names)
        calls.append((tuple(names), changed(before, snapshot(model))))

    monkeypatch.setattr(model, 'update', recording_update)
    return calls


def test_one_step_updates_the_critic_then_the_generator(monkeypatch):
    model = build()
    model.train()
    calls = spy_updates(model, monkeypatch)
    log = model.train_step(pair_batch(), optimisers(model))
    assert calls == [(('generator', 'head'), ['generator', 'head']),
                     (('image_generator',), ['image_generator'])]
    for key in ('loss_labelled', 'sensitivity_unlabelled', 'sensitivity_generated',
                'class_balance', 'sensitivity_generator', 'feature_matching'):
        assert torch.isfinite(log[key]), key
    assert log['sensitivity_unlabelled'] > 0  # two dropout samples differ


def test_the_clean_classifier_learns_alone_and_predicts_alongside_c(monkeypatch):
    model = build(clean_layer='conv6')
    model.train()
    calls = spy_updates(model, monkeypatch)
    log = model.train_step(pair_batch(), optimisers(model))
    assert [names for names, _ in calls] == [('generator', 'head'), ('clean_head',),
                                             ('image_generator',)]
    assert calls[1][1] == ['clean_head']
    assert 'loss_clean' in log
    model.eval()
    batch = pair_batch()['source']
    outputs = model.val_step(batch)
    assert len(outputs) == N
    assert {'pred_label', 'pred_label_clean', 'pred_score_clean'} <= set(outputs[0])


def test_a_critic_without_dropout_is_refused():
    with pytest.raises(ValueError, match='needs dropout in the critic'):
        build(backbone=dict(input_dropout=0.0, dropout=0.0))


def test_the_networks_have_salimans_shapes():
    critic = MODELS.build(dict(type='SalimansCritic', widths=(96, 192)))
    images = torch.zeros(2, 3, 32, 32)
    assert critic(images).shape == (2, 192)
    assert critic.forward_until(images, 'conv6').shape == (2, 192, 8, 8)
    generator = MODELS.build(dict(type='SalimansGenerator'))
    fake = generator(generator.sample_noise(2))
    assert fake.shape == (2, 3, 32, 32) and fake.abs().max() <= 1
