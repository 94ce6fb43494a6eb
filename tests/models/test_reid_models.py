"""DMLNet shapes (128 x 48 input, three parts, the first convolution shared), the
descriptor head, ReIDTask's loss through the task-loss contract and its flip test, and
the methods: SourceOnly and DANN train a ReIDTask unchanged, ADR/ENT/SymNets refuse it."""
import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper

from segda.models.backbones.dml import DMLNet
from segda.models.losses.binomial_deviance import binomial_deviance
from segda.models.tasks.reid import ReIDTask
from segda.registry import MODELS

TASK = dict(type='ReIDTask', backbone=dict(type='DMLNet'),
            head=dict(type='ReIDDescriptorHead', out_channels=500))


def test_dml_shapes_and_shared_first_convolution():
    net = DMLNet()
    assert net(torch.zeros(2, 3, 128, 48)).shape == (2, 3 * 48 * 8 * 8) == (2, net.out_channels)
    # one first convolution for the three parts, one second convolution per part
    assert sum(isinstance(m, torch.nn.Conv2d) for m in net.conv1.modules()) == 1
    assert len(net.conv2) == 3
    assert net.conv1[0].kernel_size == (7, 7) and net.conv2[0][0].kernel_size == (5, 5)
    assert net.dropout.p == 0.5
    net.eval()
    image = torch.randn(1, 3, 128, 48)
    moved = image.clone()
    moved[:, :, 100:] = 0  # rows of the lower part only: the upper part's features stay
    part = 48 * 8 * 8
    assert torch.equal(net(image)[:, :part], net(moved)[:, :part])
    assert not torch.equal(net(image)[:, 2 * part:], net(moved)[:, 2 * part:])
    with pytest.raises(ValueError, match=r'N x 3 x 128 x 48.*Resize scale=\(48, 128\)'):
        net(torch.zeros(1, 3, 64, 32))


def batch(ids):
    return torch.randn(len(ids), 3, 128, 48), [
        dict(person_id=p, id_label=i, camera_id=0) for i, p in enumerate(ids)]


def test_task_loss_contract_binomial_and_identity_terms():
    task = MODELS.build(TASK).eval()
    inputs, samples = batch([3, 3, 5, 5])
    descriptors = task(inputs)
    assert descriptors.shape == (4, 500)
    total, terms = task.task_loss(descriptors, samples)
    assert set(terms) == {'loss_binomial'}
    expected = binomial_deviance(descriptors, torch.tensor([3, 3, 5, 5]), 2.0, 0.5, 2.0)
    assert torch.allclose(total, expected)
    with_id = MODELS.build(dict(TASK, id_loss_weight=0.5, num_identities=4)).eval()
    total, terms = with_id.task_loss(with_id(inputs), samples)
    assert set(terms) == {'loss_binomial', 'loss_id'}
    assert torch.allclose(total, terms['loss_binomial'] + terms['loss_id'])
    with pytest.raises(ValueError, match='needs num_identities'):
        MODELS.build(dict(TASK, id_loss_weight=0.5))
    with pytest.raises(KeyError, match='person_id'):
        task.loss(descriptors, [dict(camera_id=0)] * 4)


def test_predict_returns_the_mirrored_descriptor():
    task = MODELS.build(TASK).eval()
    inputs, samples = batch([1, 2])
    outputs = task.predict(inputs, samples)
    assert outputs[0]['person_id'] == 1 and outputs[0]['pred_descriptor'].shape == (500,)
    assert torch.allclose(outputs[1]['pred_descriptor_flip'], task(inputs.flip(-1))[1])
    assert 'pred_descriptor_flip' not in MODELS.build(dict(TASK, flip_test=False)).eval() \
        .predict(inputs, samples)[0]


@pytest.mark.parametrize('method, reason', [
    (dict(type='ADR'), 'two dropout samples of class posteriors'),
    (dict(type='ENT'), 'entropy of class posteriors'),
    (dict(type='SymNets'), 'Cs and Ct are class logits'),
])
def test_class_logit_methods_refuse_a_descriptor_task(method, reason):
    with pytest.raises(ValueError, match='needs a task whose classifier outputs class logits') \
            as error:
        MODELS.build(dict(method, task=TASK))
    assert reason in str(error.value) and 'ReIDTask outputs none' in str(error.value)
    assert 'Use SourceOnly or DANN' in str(error.value)


@pytest.mark.parametrize('method', [
    dict(type='SourceOnly'),
    dict(type='DANN', discriminator=dict(type='MLPDiscriminator', hidden=(500,))),
])
def test_source_only_and_dann_train_a_reid_task(method):
    model = MODELS.build(dict(method, task=TASK,
                              data_preprocessor=dict(type='SegDataPreProcessor')))
    if method['type'] == 'DANN':  # x -> 500 -> 1 on G's 9216 features
        linears = [m for m in model.discriminator.modules() if isinstance(m, torch.nn.Linear)]
        assert [(m.in_features, m.out_features) for m in linears] == [(9216, 500), (500, 1)]
    hub = MessageHub.get_current_instance()
    hub.update_info('iter', 1)
    hub.update_info('max_iters', 10)
    images, samples = batch([1, 1, 2, 2])
    source = dict(inputs=(images * 50 + 128).clamp(0, 255).to(torch.uint8),
                  data_samples=samples)
    target = dict(inputs=source['inputs'].flip(-1),
                  data_samples=[dict(camera_id=1) for _ in samples])
    before = model.task.head.classifier.weight.clone()
    log = model.train_step(dict(source=source, target=target),
                           OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1)))
    assert torch.isfinite(log['loss_task'])
    assert not torch.equal(before, model.task.head.classifier.weight)
    if method['type'] == 'DANN':
        assert torch.isfinite(log['loss_domain'])
    assert isinstance(model.task, ReIDTask)
