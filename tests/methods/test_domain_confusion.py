"""The domain-confusion baseline (SymNets, Zhang et al., CVPR 2019, Sec. 3, Eq. 1-4): its losses
against the paper's sums by hand, and one training step on a tiny classifier: C minimises
Eq. 1, G Eq. 1 + lambda_p Eq. 3 (+ the target entropy with "Adding Em"), D Eq. 2."""
import itertools
import math

import pytest
import torch
from mmengine.logging import MessageHub

import segda.methods  # noqa: F401  (registers the methods)
from segda.engine.optim import PartsOptimWrapperConstructor
from segda.models import losses
from segda.registry import MODELS

K = 3
ITER, MAX_ITERS = 30, 100
LAMBDA_P = 2 / (1 + math.exp(-10 * ITER / MAX_ITERS)) - 1
_hub_names = itertools.count()


def sigm(a):
    return 1 / (1 + math.exp(-a))


def e_domain(a_s, a_t):
    """Eq. 2 with D = sigm(a), the probability of the target domain."""
    return (-sum(math.log(1 - sigm(a)) for a in a_s) / len(a_s)
            - sum(math.log(sigm(a)) for a in a_t) / len(a_t))


def f_domain(a_s, a_t):
    """Eq. 3 as printed: 1/2 E_domain - 1/(2 n_s) sum log D(x^s) - 1/(2 n_t) sum log(1 - D(x^t))."""
    return (0.5 * e_domain(a_s, a_t)
            - sum(math.log(sigm(a)) for a in a_s) / (2 * len(a_s))
            - sum(math.log(1 - sigm(a)) for a in a_t) / (2 * len(a_t)))


@pytest.fixture(autouse=True)
def progress():
    hub = MessageHub.get_instance(f'test_domain_confusion_{next(_hub_names)}')
    hub.update_info('iter', ITER)
    hub.update_info('max_iters', MAX_ITERS)


def test_eq_2_and_3_by_hand():
    a_s, a_t = [0.5, -1.0], [2.0, 0.0, -0.3]
    logits_s, logits_t = torch.tensor(a_s)[:, None], torch.tensor(a_t)[:, None]
    assert losses.discriminator_loss(logits_s, logits_t).item() == pytest.approx(
        e_domain(a_s, a_t), rel=1e-6)
    assert losses.discriminator_confusion_loss(logits_s, logits_t).item() == pytest.approx(
        f_domain(a_s, a_t), rel=1e-6)


def test_eq_3_is_least_where_d_outputs_one_half():
    """The cross entropy against the uniform domain labels: 2 log 2 at D = 1/2, more elsewhere;
    extreme logits stay finite."""
    zero = torch.zeros(4, 1)
    assert losses.discriminator_confusion_loss(zero, zero).item() == pytest.approx(2 * math.log(2))
    assert losses.discriminator_confusion_loss(zero + 1, zero - 2).item() > 2 * math.log(2)
    extreme = torch.tensor([[200.0], [-200.0]], requires_grad=True)
    value = losses.discriminator_confusion_loss(extreme, extreme)
    grad, = torch.autograd.grad(value, extreme)
    assert math.isfinite(value.item()) and torch.isfinite(grad).all()


def tiny(**kwargs):
    """Domain confusion on a 2-d input classifier, D = logistic regression on G's 8 features
    (no BatchNorm: the hand computation forwards each domain alone)."""
    torch.manual_seed(0)
    return MODELS.build(dict(
        type='DomainConfusion',
        task=dict(type='Classifier', num_classes=K,
                  backbone=dict(type='MLP', in_channels=2, hidden=(8,), norm=False),
                  head=dict(type='ClassificationHead', hidden=(), dropout=0.0)),
        discriminator=dict(type='MLPDiscriminator', hidden=()), **kwargs)).train()


def pair(n=6):
    generator = torch.Generator().manual_seed(0)
    labels = torch.randint(0, K, (n,), generator=generator)
    return dict(source=dict(inputs=torch.randn(n, 2, generator=generator),
                            data_samples=[dict(gt_label=label) for label in labels]),
                target=dict(inputs=torch.randn(n, 2, generator=generator) + 2.0,
                            data_samples=[{} for _ in range(n)]))


def optimisers(model):
    sgd = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1))
    return PartsOptimWrapperConstructor({name: sgd for name in model.parts()})(model)


@pytest.mark.parametrize('entropy_weight', [0.0, 0.5])
def test_one_step_minimises_eq_4_over_each_part(entropy_weight):
    model = tiny(entropy_weight=entropy_weight)
    data = pair()
    # Eq. 1-3 by hand from the networks as they are before the step.
    with torch.no_grad():
        feats_s, feats_t = (model.task.extract(data[d]['inputs']) for d in ('source', 'target'))
        a_s = model.discriminator(feats_s)[:, 0].tolist()
        a_t = model.discriminator(feats_t)[:, 0].tolist()
        probs_s = model.task.classify(feats_s).softmax(1)
        probs_t = model.task.classify(feats_t).softmax(1)
    labels = [int(sample['gt_label']) for sample in data['source']['data_samples']]
    e_task = -sum(math.log(p[y]) for p, y in zip(probs_s.tolist(), labels)) / len(labels)
    entropy = -sum(p * math.log(p) for row in probs_t.tolist() for p in row) / len(probs_t)
    handed = {}
    update_each = model.update_each

    def spy(optim_wrapper, **losses_by_part):
        handed.update({name: loss.item() for name, loss in losses_by_part.items()})
        update_each(optim_wrapper, **losses_by_part)

    model.update_each = spy
    before = {name: [p.detach().clone() for p in part.parameters()]
              for name, part in model.parts().items()}
    log_vars = model.train_step(data, optimisers(model))

    adaptation = f_domain(a_s, a_t) + entropy_weight * entropy
    assert handed == pytest.approx(dict(head=e_task,                                  # Eq. 4
                                        generator=e_task + LAMBDA_P * adaptation,
                                        discriminator=e_domain(a_s, a_t)), rel=1e-5)
    expected_logs = {'loss_task', 'loss_domain', 'domain_confusion', 'lambda_p'}
    assert set(log_vars) == expected_logs | ({'target_entropy'} if entropy_weight else set())
    assert log_vars['lambda_p'] == pytest.approx(LAMBDA_P)
    for name, part in model.parts().items():
        assert any(not torch.equal(a, b) for a, b in zip(before[name], part.parameters())), name


def test_adding_em_needs_class_logits():
    with pytest.raises(ValueError, match='DomainConfusion needs a task whose classifier outputs '
                                         'class logits .entropy_weight > 0'):
        MODELS.build(dict(
            type='DomainConfusion', entropy_weight=1.0,
            discriminator=dict(type='MLPDiscriminator', hidden=()),
            task=dict(type='ReIDTask', backbone=dict(type='MLP', in_channels=2, hidden=(8,)),
                      head=dict(type='ReIDDescriptorHead', out_channels=4))))
