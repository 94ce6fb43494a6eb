"""The adaptation methods on a tiny Segmentor: which parts each step changes, the losses each
step minimises, DANN's gradient routing, the critics, build-time errors and predictions.
Steps are observed with ``helpers.segmentation_methods.UpdateSpy``.
"""
import copy

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.registry import MODELS

from helpers.segmentation_methods import (  # noqa: F401  (progress: the runner's, autouse)
    DISCRIMINATOR,
    ITER,
    LAMBDA_P,
    MAX_ITERS,
    SIZE,
    Call,
    K,
    UpdateSpy,
    batch,
    build,
    optimisers,
    pair,
    parameters,
    progress,
)


def assert_finite_detached(log_vars, names):
    assert set(log_vars) == set(names)
    for name, value in log_vars.items():
        value = torch.as_tensor(value)
        assert not value.requires_grad, name
        assert value.dim() == 0 and torch.isfinite(value), (name, value)


def features(model, seed=2):
    inputs = model.data_preprocessor(batch(seed, labelled=False), True)['inputs']
    return model.task.extract(inputs)


# -- ADR and ENT ---------------------------------------------------------------------------------
ADR_LOGS = {'loss_source', 'loss_critic_source', 'sensitivity_critic', 'sensitivity_generator'}


@pytest.mark.parametrize('type_', ['ADR', 'ENT'])
def test_adr_steps_change_the_parts_of_the_paper(type_):
    """Step 1 trains G and C, Step 2 C only (min CE - L_adv, Eq. 3), Step 3 G only (min L_adv,
    Eq. 5) n times."""
    model = build(type_, generator_steps=3)
    spy = UpdateSpy(model)

    log_vars = model.train_step(pair(), optimisers(model))

    assert_finite_detached(log_vars, ADR_LOGS)
    assert [call.parts for call in spy.calls] == [('generator', 'head'), ('head',)] + [
        ('generator',)] * 3
    step1, step2, *step3 = spy.calls
    assert step1.changed == {'generator', 'head'}
    assert step2.changed == {'head'}
    assert all(call.changed == {'generator'} for call in step3)
    assert step1.losses[('generator', 'head')] == log_vars['loss_source']
    torch.testing.assert_close(  # the critic MAXIMISES the target sensitivity
        step2.losses[('head',)], log_vars['loss_critic_source'] - log_vars['sensitivity_critic'])
    assert step3[-1].losses[('generator',)] == log_vars['sensitivity_generator']


@pytest.mark.parametrize('type_', ['ADR', 'ENT'])
def test_sensitivity_weight_scales_l_adv_in_steps_2_and_3_not_the_logs(type_):
    model = build(type_, generator_steps=2, sensitivity_weight=0.25)
    spy = UpdateSpy(model)

    log_vars = model.train_step(pair(), optimisers(model))

    _, step2, *step3 = spy.calls
    torch.testing.assert_close(
        step2.losses[('head',)],
        log_vars['loss_critic_source'] - 0.25 * log_vars['sensitivity_critic'])
    torch.testing.assert_close(step3[-1].losses[('generator',)],
                               0.25 * log_vars['sensitivity_generator'])


@pytest.mark.parametrize('type_', ['ADR', 'ENT'])
def test_source_sensitivity_is_logged_without_changing_training(type_):
    """Fig. 4's source curve: L_adv(Xs) in the log, the steps and their dropout draws as
    without it (the same weights after one iteration from the same seed)."""
    weights = {}
    for logged in (False, True):
        model = build(type_, generator_steps=2, log_source_sensitivity=logged)
        torch.manual_seed(1)
        log_vars = model.train_step(pair(), optimisers(model))
        weights[logged] = parameters(model)
        assert ('sensitivity_source' in log_vars) == logged
    assert_finite_detached(log_vars, ADR_LOGS | {'sensitivity_source'})
    assert log_vars['sensitivity_source'] > 0
    for part, tensors in weights[False].items():
        for before, after in zip(tensors, weights[True][part]):
            assert torch.equal(before, after), part


def test_adr_clean_classifier_learns_on_source_features_without_touching_g():
    model = build('ADR', generator_steps=1, clean_head=True)
    spy = UpdateSpy(model)

    log_vars = model.train_step(pair(), optimisers(model))

    assert_finite_detached(log_vars, ADR_LOGS | {'loss_clean'})
    assert [call.parts for call in spy.calls] == [
        ('generator', 'head'), ('clean_head',), ('head',), ('generator',)]
    assert spy.calls[1].changed == {'clean_head'}
    assert not any(m.p for m in model.clean_head.modules() if isinstance(m, nn.Dropout))
    outputs = model.eval().val_step(batch(3))
    assert {'pred_seg', 'pred_seg_clean'} <= set(outputs[0])
    assert outputs[0]['pred_seg_clean'].shape == SIZE


def test_adr_clean_classifier_from_a_config_gets_the_task_shapes():
    model = build('ADR', clean_head=dict(type='FCNDecoder', channels=8, dropout=0.0))
    assert model.clean_head.in_channels == model.task.head.in_channels
    assert model.clean_head.num_classes == K
    assert model.clean_head(features(model)).shape == (2, K, *SIZE)


@pytest.mark.parametrize('discrepancy', ['symkl', 'l1'])
def test_adr_sensitivity_needs_dropout(discrepancy):
    """d(p1, p2) of two passes of C is > 0 with dropout and exactly 0 without (p = 0)."""
    model = build('ADR', discrepancy=discrepancy)
    with torch.no_grad():
        feats = features(model)
        assert model.target_sensitivity(feats) > 0
        for module in model.task.head.modules():
            if isinstance(module, nn.Dropout):
                module.p = 0.0
        assert model.target_sensitivity(feats) == 0


@pytest.mark.parametrize('type_', ['ADR', 'ENT'])
def test_adr_reduction_mean_is_the_summed_form_over_k(type_):
    """reduction='mean' (the official code's scale) is Eq. 1 / Eq. 10 divided by K."""
    summed, mean = build(type_, reduction='sum'), build(type_, reduction='mean')
    logits = [torch.randn(2, K, 4, 4, generator=torch.Generator().manual_seed(seed))
              for seed in (0, 1)][:summed.num_target_samples]
    torch.testing.assert_close(mean.sensitivity(logits), summed.sensitivity(logits) / K)


def test_ent_critic_is_the_mean_pixel_entropy():
    model = build('ENT').eval()  # deterministic C: compare with the same logits
    with torch.no_grad():
        feats = features(model)
        probs = model.task.classify(feats).double().softmax(dim=1)
        expected = -(probs * probs.log()).sum(dim=1).mean()
        torch.testing.assert_close(model.target_sensitivity(feats).double(), expected)


def test_adr_generator_regulariser_minimises_conditional_and_maximises_marginal_entropy():
    model = build('ADR', cond_entropy_weight=0.3, marginal_entropy_weight=0.7).eval()
    with torch.no_grad():
        feats = features(model)
        logits = model.task.classify(feats)
        probs = logits.double().softmax(dim=1)
        conditional = -(probs * probs.log()).sum(dim=1).mean()
        mean = probs.mean(dim=(0, 2, 3))
        marginal = -(mean * mean.log()).sum()
        torch.testing.assert_close(model.generator_regulariser(logits).double(),
                                   0.3 * conditional - 0.7 * marginal)
    assert build('ADR').generator_regulariser(logits) == 0


class SampleSpy:
    """Record what ``task.classify_samples`` returns and count passes of the head's fc6 conv."""

    def __init__(self, model):
        self.samples, self.fc6_passes = [], 0
        classify_samples = model.task.classify_samples

        def spy(feats, num_samples):
            self.samples.append(classify_samples(feats, num_samples))
            return self.samples[-1]

        def count(module, inputs, output):
            self.fc6_passes += 1

        model.task.classify_samples = spy
        model.task.head.hidden.fc6[0].register_forward_hook(count)


@pytest.mark.parametrize('type_, samples', [('ADR', 2), ('ENT', 1)])
def test_adr_generator_step_draws_c_once_and_its_entropy_terms_reuse_a_sample(type_, samples):
    """Step 3's loss is L_adv(p1, p2) + the entropy terms of p1, from one classify_samples call:
    C's shared prefix (fc6) runs once per step, not once per sample plus once for the entropy."""
    model = build(type_, generator_steps=2, cond_entropy_weight=0.3, marginal_entropy_weight=0.7)
    spy, update_spy = SampleSpy(model), UpdateSpy(model)

    model.train_step(pair(), optimisers(model))

    # Step 1: source; Step 2: source, then the target samples; Step 3: the samples, n times.
    assert spy.fc6_passes == 1 + 2 + 2
    assert [len(logits) for logits in spy.samples] == [samples] * 3
    step3 = [call for call in update_spy.calls if call.parts == ('generator',)]
    for call, logits in zip(step3, spy.samples[1:]):
        with torch.no_grad():
            expected = model.sensitivity(logits) + model.generator_regulariser(logits[0])
        torch.testing.assert_close(call.losses[('generator',)], expected)


def test_adr_sensitivity_on_a_classifier_uses_the_generic_samples():
    """The Classifier's MLP head has no ``forward_samples``: TaskModel's default draws C once
    per sample, and those differ by dropout in training mode only."""
    torch.manual_seed(0)
    model = MODELS.build(dict(type='ADR', task=dict(
        type='Classifier', num_classes=2, backbone=dict(type='MLP', in_channels=2, hidden=(5, 5)),
        head=dict(type='ClassificationHead', hidden=(5, 5), dropout=0.5)))).train()
    feats = model.task.extract(torch.randn(16, 2))

    logits_1, logits_2 = model.task.classify_samples(feats, 2)
    assert logits_1.shape == logits_2.shape == (16, 2)
    assert not torch.equal(logits_1, logits_2)
    assert model.target_sensitivity(feats) > 0
    model.eval()
    assert all(torch.equal(logits, model.task.classify(feats))
               for logits in model.task.classify_samples(feats, 3))
    assert model.target_sensitivity(feats) == 0
    with pytest.raises(ValueError, match='Classifier: num_samples must be a positive int, got 0'):
        model.task.classify_samples(feats, 0)


def test_adr_build_errors_are_clear():
    with pytest.raises(ValueError, match='needs a classifier with dropout'):
        build('ADR', dropout=0.0)
    with pytest.raises(ValueError, match='needs a classifier with dropout'):
        build('ADR', dropout_sites=())
    with pytest.raises(ValueError, match=r"discrepancy must be one of \['l1', 'symkl'\], got 'kl'"):
        build('ADR', discrepancy='kl')
    with pytest.raises(ValueError, match='ADR: generator_steps must be a positive int, got 0'):
        build('ADR', generator_steps=0)
    with pytest.raises(ValueError, match='ADR: sensitivity_weight must be positive, got 0'):
        build('ADR', sensitivity_weight=0)
    assert build('ENT', dropout=0.0).generator_steps == 4  # ENT's critic needs no dropout


# -- DANN ----------------------------------------------------------------------------------------
def test_dann_one_update_trains_g_c_and_d():
    model = build('DANN', discriminator=DISCRIMINATOR)
    spy = UpdateSpy(model)

    log_vars = model.train_step(pair(), optimisers(model))

    assert_finite_detached(log_vars, {'loss_task', 'loss_domain', 'lambda_p'})
    assert log_vars['lambda_p'] == pytest.approx(LAMBDA_P)
    assert [call.parts for call in spy.calls] == [('generator', 'head', 'discriminator')]
    assert spy.calls[0].changed == {'generator', 'head', 'discriminator'}
    torch.testing.assert_close(spy.calls[0].losses[('generator', 'head', 'discriminator')],
                               log_vars['loss_task'] + log_vars['loss_domain'])


def test_dann_discriminator_gets_unreversed_and_g_minus_lambda_gradients():
    """With every source pixel ignored the task loss is 0, so the gradients handed to D and G
    are the domain loss's: D's equal those of the loss computed WITHOUT the GRL, G's are
    exactly -lambda_p times them (ICML 2015 Eq. 4-6)."""
    model = build('DANN', discriminator=DISCRIMINATOR)
    replica = copy.deepcopy(model)
    data = pair(ignore_all=True)
    spy = UpdateSpy(model, gradients=True)

    log_vars = model.train_step(data, optimisers(model))

    # The logistic domain loss without any reversal: source = 0, target = 1, one mean each.
    source, target = replica.preprocess_pair(data)
    feats_s, feats_t = replica.extract_pair(source['inputs'], target['inputs'])
    logits_s = replica.discriminator(replica.task.domain_features(feats_s))
    logits_t = replica.discriminator(replica.task.domain_features(feats_t))
    # JMLR Eq. 9-10: the source mean plus the target mean of the logistic loss.
    loss_domain = (F.binary_cross_entropy_with_logits(logits_s, torch.zeros_like(logits_s))
                   + F.binary_cross_entropy_with_logits(logits_t, torch.ones_like(logits_t)))
    assert log_vars['loss_task'] == 0
    torch.testing.assert_close(log_vars['loss_domain'], loss_domain.detach())

    parts = replica.parts()
    for name, sign in (('discriminator', 1.0), ('generator', -LAMBDA_P)):
        expected = torch.autograd.grad(loss_domain, list(parts[name].parameters()),
                                       retain_graph=True)
        assert any(g.abs().sum() > 0 for g in expected)
        for got, unreversed in zip(spy.grads[0][name], expected):  # float32 rounding only
            torch.testing.assert_close(got, sign * unreversed, rtol=1e-4,
                                       atol=1e-5 * unreversed.abs().max().item())


def test_dann_fills_in_the_discriminator_channels():
    model = build('DANN', discriminator=DISCRIMINATOR)
    assert model.discriminator.in_channels == 512  # ResNet-18's layer4
    assert set(model.parts()) == {'generator', 'head', 'discriminator'}


# -- SymNets -------------------------------------------------------------------------------------
SYMNETS_LOGS = {'source_task', 'target_task', 'domain_discrimination', 'category_confusion',
                'domain_confusion', 'target_entropy', 'lambda_p'}


@pytest.mark.parametrize('entropy_weight', [1.0, 0.0])
def test_symnets_step_trains_the_classifiers_and_g_on_their_own_objectives(entropy_weight):
    """Eq. 11: the head minimises Eq. 5 + 6 + 7, G minimises Eq. 8 + lambda_p (Eq. 9 + w Eq. 10)."""
    model = build('SymNets', entropy_weight=entropy_weight)
    spy = UpdateSpy(model)

    log_vars = model.train_step(pair(), optimisers(model))

    assert_finite_detached(log_vars, SYMNETS_LOGS)
    assert [call.parts for call in spy.calls] == [('head', 'generator')]
    assert spy.calls[0].changed == {'head', 'generator'}
    losses = spy.calls[0].losses
    torch.testing.assert_close(losses['head'], log_vars['source_task'] + log_vars['target_task']
                               + log_vars['domain_discrimination'])
    torch.testing.assert_close(losses['generator'], log_vars['category_confusion'] + LAMBDA_P * (
        log_vars['domain_confusion'] + entropy_weight * log_vars['target_entropy']))


@pytest.mark.parametrize('eval_classifier, half', [('target', slice(K, 2 * K)),
                                                   ('source', slice(0, K))])
def test_symnets_predicts_with_ct_by_default_and_cs_on_request(eval_classifier, half):
    kwargs = {} if eval_classifier == 'target' else dict(eval_classifier='source')
    model = build('SymNets', **kwargs).eval()
    data = batch(3, labelled=False)
    with torch.no_grad():
        inputs = model.data_preprocessor(data)['inputs']
        hidden, _ = model.task.narrow_split()
        logits = model.classify_both(hidden(model.task.extract(inputs)))
        predictions = torch.stack([output['pred_seg'] for output in model.val_step(data)])
    other = slice(0, K) if half.start else slice(K, 2 * K)
    assert not torch.equal(logits[:, half].argmax(dim=1), logits[:, other].argmax(dim=1))
    assert torch.equal(predictions, logits[:, half].argmax(dim=1))


def test_symnets_splits_at_the_classifier_layer():
    """Sec. 3 / 4.1: Cs, Ct are the final classifier layers; fc6/fc7 belong to G."""
    model = build('SymNets')
    parts = model.parts()
    head = {id(p) for p in parts['head'].parameters()}
    generator = {id(p) for p in parts['generator'].parameters()}
    assert head == ({id(p) for p in model.task.head.classifier.parameters()}
                    | {id(p) for p in model.target_classifier.parameters()})
    assert {id(p) for p in model.task.head.hidden.parameters()} <= generator
    assert not head & generator
    assert head | generator == {id(p) for p in model.parameters()}
    # Ct starts from its own random weights, not a copy of Cs's.
    assert not torch.equal(model.target_classifier.score.weight,
                           model.task.head.classifier.score.weight)


@pytest.mark.parametrize('domain_bn, batch_sizes', [('joint', [4]), ('separate', [2, 2])])
def test_symnets_hidden_layers_see_the_domains_as_domain_bn_says(domain_bn, batch_sizes):
    """fc6/fc7 (their BatchNorm) and Cs/Ct get source and target as one batch ('joint') or
    one forward each ('separate', the default: tests/methods/test_domain_bn.py)."""
    model = build('SymNets', domain_bn=domain_bn)
    seen = []
    model.task.head.hidden.fc6[1].register_forward_hook(
        lambda module, args, output: seen.append(len(args[0])))
    model.train_step(pair(), optimisers(model))
    assert seen == batch_sizes


def test_symnets_build_errors_are_clear():
    with pytest.raises(ValueError, match='eval_classifier must be one of'):
        build('SymNets', eval_classifier='both')
