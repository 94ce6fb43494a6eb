"""The task-loss contract: a task's ``loss`` returns named terms, every method minimises the
sum of its ``loss*`` terms through ``TaskModel.task_loss`` and logs each term, so a task
with another loss (re-ID's binomial deviance, say) needs no change in segda/methods/.

SymNets is not here: its supervised terms are the paper's Eq. 5 and 6 on Cs/Ct's class
logits, not the task loss (docs/methods.md).
"""
import copy

import pytest
import torch
from mmengine.logging import MessageHub

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.models.tasks import Classifier
from segda.registry import MODELS

from helpers.segmentation_methods import UpdateSpy, optimisers

DIM, K = 4, 3


@MODELS.register_module(force=True)
class TwoTermClassifier(Classifier):
    """A task whose supervised loss has two terms and a logged-only scalar."""

    def loss(self, logits, data_samples):
        labels = self.labels(data_samples, logits)
        return dict(loss_a=torch.nn.functional.cross_entropy(logits, labels),
                    loss_b=0.1 * logits.pow(2).mean(),
                    accuracy=(logits.argmax(1) == labels).float().mean())


def task():
    return dict(type='TwoTermClassifier', num_classes=K,
                backbone=dict(type='MLP', in_channels=DIM, hidden=(8,), norm=False),
                head=dict(type='ClassificationHead', hidden=(8,), dropout=0.5, norm=False))


METHODS = {
    'SourceOnly': dict(type='SourceOnly', task=task()),
    'DANN': dict(type='DANN', task=task(),
                 discriminator=dict(type='MLPDiscriminator', hidden=(8,))),
    'ADR': dict(type='ADR', task=task(), generator_steps=1),
    'ENT': dict(type='ENT', task=task(), generator_steps=1),
}
# The log entry that holds the summed task loss of each method's supervised step.
TOTAL_LOG = dict(SourceOnly='loss_task', DANN='loss_task', ADR='loss_source', ENT='loss_source')


def batch(seed, labelled=True):
    generator = torch.Generator().manual_seed(seed)
    inputs = torch.randn(6, DIM, generator=generator)
    labels = torch.randint(0, K, (6,), generator=generator)
    return dict(inputs=inputs, data_samples=[dict(gt_label=y) if labelled else {} for y in labels])


@pytest.fixture(autouse=True)
def progress():
    hub = MessageHub.get_instance('test_task_loss_contract')
    hub.update_info('iter', 10)
    hub.update_info('max_iters', 100)


@pytest.mark.parametrize('name', sorted(METHODS))
def test_each_method_minimises_the_sum_of_the_loss_terms(name):
    torch.manual_seed(0)
    model = MODELS.build(METHODS[name]).train()
    before = copy.deepcopy(model)
    spy = UpdateSpy(model)
    data = dict(source=batch(1), target=batch(2, labelled=False))

    torch.manual_seed(5)  # the same dropout masks for the step and the reference below
    log_vars = model.train_step(data, optimisers(model))

    torch.manual_seed(5)
    source = data['source']
    terms = before.task.loss(before.task(source['inputs']), source['data_samples'])
    expected = terms['loss_a'] + terms['loss_b']  # 'accuracy' is no loss term
    total = TOTAL_LOG[name]
    torch.testing.assert_close(log_vars[total], expected)
    torch.testing.assert_close(log_vars[f'{total}.loss_a'], terms['loss_a'])
    torch.testing.assert_close(log_vars[f'{total}.loss_b'], terms['loss_b'])
    first_update = next(iter(spy.calls[0].losses.values()))
    domain = log_vars.get('loss_domain', 0.0)  # DANN's one update adds the domain loss
    torch.testing.assert_close(first_update, expected + domain)


def test_a_task_loss_without_loss_terms_is_refused():
    model = MODELS.build(dict(METHODS['SourceOnly']))
    model.task.loss = lambda logits, samples: dict(accuracy=torch.tensor(1.0))
    with pytest.raises(ValueError, match='no `loss\\*` term'):
        model.task_loss(torch.zeros(2, K), [])


def test_methods_on_class_posteriors_refuse_a_task_without_class_logits():
    class Descriptors(TwoTermClassifier):
        outputs_class_logits = False

    MODELS.register_module('DescriptorTask', module=Descriptors, force=True)
    for method in ('ADR', 'ENT', 'SymNets'):
        with pytest.raises(ValueError, match=f'{method} needs a task whose classifier outputs '
                                             'class logits'):
            MODELS.build(dict(type=method, task=dict(task(), type='DescriptorTask')))
    MODELS.build(dict(METHODS['DANN'], task=dict(task(), type='DescriptorTask')))  # DANN: fine
