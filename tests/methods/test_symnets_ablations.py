"""SymNets' ablations of Table 4 (Zhang et al., CVPR 2019, Sec. 4.3) as switches of the
method, against the paper's sums written out by hand on one source and one target sample
(K = 2); the defaults give Eq. 11 exactly; every switch trains a tiny classifier; Cs and Ct
are both scored from one pass (Fig. 4)."""
import itertools
import math

import pytest
import torch
from mmengine.logging import MessageHub

import segda.methods  # noqa: F401  (registers the methods)
from segda.engine.optim import PartsOptimWrapperConstructor
from segda.models import losses
from segda.registry import MODELS

K = 2
ITER, MAX_ITERS = 10, 100
LAMBDA_P = 2 / (1 + math.exp(-10 * ITER / MAX_ITERS)) - 1
_hub_names = itertools.count()

# One source sample (label 0): v_s = (2, 0), v_t = (0, 1); one target sample: v_s = (0, 0),
# v_t = (1, 0). Cst's softmax over the 2K logits [v_s; v_t]:
LOGITS_S = torch.tensor([[2.0, 0.0, 0.0, 1.0]], dtype=torch.float64)
LOGITS_T = torch.tensor([[0.0, 0.0, 1.0, 0.0]], dtype=torch.float64)
LABELS_S = torch.tensor([0])
E = math.e
Z_S = E ** 2 + 1 + 1 + E            # sum of exp over the source sample's 2K logits
Z_T = 1 + 1 + E + 1                 # the target sample's
P_S_OF_SOURCE = (E ** 2 + 1) / Z_S  # P_s(x^s) = p^st_1 + p^st_2
P_T_OF_SOURCE = (1 + E) / Z_S       # P_t(x^s)
P_S_OF_TARGET = 2 / Z_T
P_T_OF_TARGET = (E + 1) / Z_T
Q_TARGET = ((1 + E) / Z_T, 2 / Z_T)  # q_k = p^st_k + p^st_{k+K}
HAND = dict(
    source_task=-math.log(E ** 2 / (E ** 2 + 1)),                        # Eq. 5: ps_1
    target_task=-math.log(1 / (1 + E)),                                  # Eq. 6: pt_1
    domain_discrimination=-math.log(P_T_OF_TARGET) - math.log(P_S_OF_SOURCE),  # Eq. 7
    category_confusion=-0.5 * (math.log(1 / Z_S) + math.log(E ** 2 / Z_S)),    # Eq. 8
    domain_confusion=-0.5 * (math.log(P_T_OF_TARGET) + math.log(P_S_OF_TARGET)),  # Eq. 9
    target_entropy=-sum(q * math.log(q) for q in Q_TARGET),              # Eq. 10
    source_domain_confusion=-0.5 * (math.log(P_S_OF_SOURCE) + math.log(P_T_OF_SOURCE)),  # Eq. 12
    source_classification=-0.5 * (math.log(E ** 2 / (E ** 2 + 1))        # Eq. 13
                                  + math.log(1 / (1 + E))))

# Table 4's rows: the switches, the terms the objectives hold, and the objectives by hand.
ROWS = {
    'SymNets': (dict(), lambda h: (
        h['source_task'] + h['target_task'] + h['domain_discrimination'],
        h['category_confusion'] + LAMBDA_P * (h['domain_confusion'] + h['target_entropy']))),
    'w/o E^t_task': (dict(target_task=False), lambda h: (
        h['source_task'] + h['domain_discrimination'],
        h['category_confusion'] + LAMBDA_P * (h['domain_confusion'] + h['target_entropy']))),
    'w/o M^st': (dict(entropy_weight=0.0), lambda h: (
        h['source_task'] + h['target_task'] + h['domain_discrimination'],
        h['category_confusion'] + LAMBDA_P * h['domain_confusion'])),
    'w/o category confusion': (dict(confusion='domain_level'), lambda h: (
        h['source_task'] + h['target_task'] + h['domain_discrimination'],
        h['source_domain_confusion'] + LAMBDA_P * (h['domain_confusion'] + h['target_entropy']))),
    'w/o confusion': (dict(confusion='none'), lambda h: (
        h['source_task'] + h['target_task'] + h['domain_discrimination'],
        h['source_classification'] + LAMBDA_P * h['target_entropy'])),
}
TERMS = {
    'SymNets': {'source_task', 'target_task', 'domain_discrimination', 'category_confusion',
                'domain_confusion', 'target_entropy'},
    'w/o E^t_task': {'source_task', 'domain_discrimination', 'category_confusion',
                     'domain_confusion', 'target_entropy'},
    'w/o M^st': {'source_task', 'target_task', 'domain_discrimination', 'category_confusion',
                 'domain_confusion', 'target_entropy'},  # logged, weighted 0
    'w/o category confusion': {'source_task', 'target_task', 'domain_discrimination',
                               'source_domain_confusion', 'domain_confusion', 'target_entropy'},
    'w/o confusion': {'source_task', 'target_task', 'domain_discrimination',
                      'source_classification', 'target_entropy'},
}


@pytest.fixture(autouse=True)
def progress():
    hub = MessageHub.get_instance(f'test_symnets_ablations_{next(_hub_names)}')
    hub.update_info('iter', ITER)
    hub.update_info('max_iters', MAX_ITERS)


def tiny_symnets(**kwargs):
    """SymNets on a 2-d input classifier: G = MLP (2 -> 8), head = hidden (8 -> 6) + Cs."""
    torch.manual_seed(0)
    return MODELS.build(dict(
        type='SymNets', task=dict(
            type='Classifier', num_classes=K,
            backbone=dict(type='MLP', in_channels=2, hidden=(8,)),
            head=dict(type='ClassificationHead', hidden=(6,), dropout=0.0)),
        **kwargs)).train()


def objectives_on_the_fixed_logits(model):
    model.pair_logits = lambda source, target: (LOGITS_S, LOGITS_T)
    return model.objectives(dict(data_samples=[dict(gt_label=LABELS_S[0])]), None)


def test_the_new_terms_match_the_paper_by_hand():
    assert losses.source_domain_confusion_loss(LOGITS_S).item() == pytest.approx(
        HAND['source_domain_confusion'], rel=1e-12)
    assert losses.source_classification_loss(LOGITS_S, LABELS_S).item() == pytest.approx(
        HAND['source_classification'], rel=1e-12)


@pytest.mark.parametrize('row', sorted(ROWS))
def test_each_row_of_table_4_minimises_its_objectives(row):
    switches, by_hand = ROWS[row]
    classifiers, generator, terms = objectives_on_the_fixed_logits(tiny_symnets(**switches))
    expected_classifiers, expected_generator = by_hand(HAND)
    assert set(terms) == TERMS[row] | {'lambda_p'}
    for name in TERMS[row]:
        assert terms[name].item() == pytest.approx(HAND[name], rel=1e-12), name
    assert classifiers.item() == pytest.approx(expected_classifiers, rel=1e-12)
    assert generator.item() == pytest.approx(expected_generator, rel=1e-12)


def test_the_defaults_are_eq_11_unchanged():
    """Same losses on the same logits as before the switches: Eq. 11 through the six terms."""
    classifiers, generator, terms = objectives_on_the_fixed_logits(tiny_symnets())
    explicit = objectives_on_the_fixed_logits(tiny_symnets(
        entropy_weight=1.0, target_task=True, confusion='two_level'))
    eq_11 = (losses.source_task_loss(LOGITS_S, LABELS_S)
             + losses.target_task_loss(LOGITS_S, LABELS_S)
             + losses.domain_discrimination_loss(LOGITS_S, LOGITS_T))
    eq_11_g = losses.category_confusion_loss(LOGITS_S, LABELS_S) + LAMBDA_P * (
        losses.domain_confusion_loss(LOGITS_T) + losses.target_entropy_loss(LOGITS_T))
    assert torch.equal(classifiers, eq_11) and torch.equal(generator, eq_11_g)
    assert torch.equal(explicit[0], classifiers) and torch.equal(explicit[1], generator)


def optimisers(model):
    sgd = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1))
    return PartsOptimWrapperConstructor({name: sgd for name in model.parts()})(model)


def moons_pair(n=8):
    generator = torch.Generator().manual_seed(0)
    labels = torch.randint(0, K, (n,), generator=generator)
    source = dict(inputs=torch.randn(n, 2, generator=generator),
                  data_samples=[dict(gt_label=label) for label in labels])
    target = dict(inputs=torch.randn(n, 2, generator=generator) + 1.0,
                  data_samples=[{} for _ in range(n)])
    return dict(source=source, target=target)


@pytest.mark.parametrize('row', sorted(ROWS))
def test_each_row_trains_g_and_the_classifiers(row):
    model = tiny_symnets(**ROWS[row][0])
    before = {name: [p.detach().clone() for p in part.parameters()]
              for name, part in model.parts().items()}
    log_vars = model.train_step(moons_pair(), optimisers(model))
    assert set(log_vars) == TERMS[row] | {'lambda_p'}
    assert all(math.isfinite(float(value)) for value in log_vars.values())
    for name, part in model.parts().items():
        assert any(not torch.equal(a, b) for a, b in zip(before[name], part.parameters())), name


def test_bad_switches_are_named():
    with pytest.raises(ValueError, match="SymNets: confusion must be one of"):
        tiny_symnets(confusion='category')


@pytest.mark.parametrize('eval_classifier, main, other, suffix', [
    ('target', slice(K, 2 * K), slice(0, K), '_source'),
    ('source', slice(0, K), slice(K, 2 * K), '_target')])
def test_cs_and_ct_are_both_scored_in_one_pass(eval_classifier, main, other, suffix):
    """Fig. 4: the evaluated classifier gives ``pred_label``, the other one
    ``pred_label<suffix>``, from one pass of G."""
    model = tiny_symnets(eval_classifier=eval_classifier).eval()
    inputs = torch.randn(16, 2, generator=torch.Generator().manual_seed(3))
    passes = []
    model.task.generator.register_forward_hook(lambda *args: passes.append(1))
    with torch.no_grad():
        outputs = model.val_step(dict(inputs=inputs, data_samples=[{} for _ in inputs]))
        logits = model.classify_source_and_target(model.task.extract(inputs))
    assert len(passes) == 2  # the prediction, then the reference above
    assert torch.equal(torch.stack([o['pred_label'] for o in outputs]),
                       logits[:, main].argmax(1))
    assert torch.equal(torch.stack([o[f'pred_label{suffix}'] for o in outputs]),
                       logits[:, other].argmax(1))
    assert torch.allclose(torch.stack([o[f'pred_score{suffix}'] for o in outputs]),
                          logits[:, other].softmax(1))
