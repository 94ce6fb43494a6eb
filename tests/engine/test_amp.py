"""Mixed precision on the CPU: bf16 autocast around every method's forward, and one fp16
loss scale per backward shared by all the parts it steps."""
import copy

import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper, OptimWrapperDict, build_optim_wrapper

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.apis import enable_amp
from segda.apis.config import read_config
from segda.engine import MixedPrecisionOptimWrapper, PartsOptimWrapperConstructor
from segda.engine.amp import share_loss_scaler, shared_loss_scaler
from segda.registry import MODELS

from helpers.cli import REPO

DIM, K = 4, 3


def method(type_='DANN', dropout=0.5):
    """A tiny classification method (no BatchNorm)."""
    torch.manual_seed(0)
    task = dict(type='Classifier', num_classes=K,
                backbone=dict(type='MLP', in_channels=DIM, hidden=(8, 8), norm=False),
                head=dict(type='ClassificationHead', hidden=(8,), dropout=dropout, norm=False))
    extra = dict(DANN=dict(discriminator=dict(type='MLPDiscriminator', hidden=(8,)))).get(type_, {})
    return MODELS.build(dict(type=type_, task=task, **extra)).train()


def batch(seed, labelled=True):
    generator = torch.Generator().manual_seed(seed)
    inputs = torch.randn(6, DIM, generator=generator)
    labels = torch.randint(0, K, (6,), generator=generator)
    return dict(inputs=inputs, data_samples=[dict(gt_label=y) if labelled else {} for y in labels])


def pair(seed=0):
    return dict(source=batch(seed), target=batch(seed + 1, labelled=False))


def parts_optim(model, wrapper=None):
    sgd = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1, momentum=0.9))
    if wrapper is not None:
        sgd.update(type='segda.MixedPrecisionOptimWrapper', **wrapper)
    return PartsOptimWrapperConstructor({name: sgd for name in model.parts()})(model)


@pytest.fixture(autouse=True)
def progress():
    hub = MessageHub.get_instance(f'test_amp_{id(object())}')  # the newest is the current one
    hub.update_info('iter', 1)
    hub.update_info('max_iters', 10)


def record_output_dtypes(model):
    dtypes = []
    for module in model.modules():
        if isinstance(module, torch.nn.Linear):
            module.register_forward_hook(lambda mod, args, out: dtypes.append(out.dtype))
    return dtypes


@pytest.mark.parametrize('type_', ['ADR', 'SymNets', 'SourceOnly'])
def test_bf16_autocast_covers_each_methods_train_step_and_keeps_fp32_weights(type_):
    model = method(type_)
    optim = parts_optim(model, dict(dtype='bfloat16'))
    before = copy.deepcopy(model.state_dict())
    dtypes = record_output_dtypes(model)

    log_vars = model.train_step(pair(), optim)

    assert dtypes and set(dtypes) == {torch.bfloat16}
    assert all(torch.isfinite(torch.as_tensor(value)) for value in log_vars.values())
    assert all(param.dtype == torch.float32 for param in model.parameters())
    assert any(not torch.equal(value, before[key]) for key, value in model.state_dict().items())
    assert not optim['head'].loss_scaler.is_enabled()  # bf16: no loss scaling
    assert not torch.is_autocast_enabled('cpu')  # the context is left after the step


def test_parts_share_one_fp16_scaler():
    optim = parts_optim(method(), dict(dtype='float16'))
    scalers = {id(wrapper.loss_scaler) for wrapper in optim.values()}
    assert len(scalers) == 1 and optim['generator'].loss_scaler.is_enabled()


def manual_losses(model, data):
    """Task and domain losses of DANN from a float32 forward (no autocast)."""
    source, target = model.preprocess_pair(data)
    feats_s, feats_t = model.extract_pair(source['inputs'], target['inputs'])
    task = model.task.loss(model.task.classify(feats_s), source['data_samples'])['loss_ce']
    return task, model.domain_loss(feats_s, feats_t, 0.5)


@pytest.mark.parametrize('how', ['update', 'update_each'])
def test_fp16_scaling_unscales_every_part_with_the_same_scale(how):
    """s = 2^16 is a power of two: scaling, then unscaling each part, must reproduce the
    unscaled float32 step exactly (a part unscaled with another scale would be off by 2^k)."""
    plain_model, scaled_model = method(dropout=0.0), method(dropout=0.0)
    plain, scaled = parts_optim(plain_model), parts_optim(scaled_model, dict(dtype='float16'))
    for model, optim in ((plain_model, plain), (scaled_model, scaled)):
        task, domain = manual_losses(model, pair())
        if how == 'update':
            model.update(optim, task + domain, ('generator', 'head', 'discriminator'))
        else:
            model.update_each(optim, head=task, generator=task + domain, discriminator=domain)
    for (key, value), scaled_value in zip(plain_model.state_dict().items(),
                                          scaled_model.state_dict().values()):
        torch.testing.assert_close(scaled_value, value, rtol=0, atol=0, msg=key)
    assert scaled['head'].loss_scaler.get_scale() == 2.0 ** 16


def test_an_overflow_skips_the_step_and_halves_the_scale_once():
    model = method(dropout=0.0)
    optim = parts_optim(model, dict(dtype='float16'))
    before = copy.deepcopy(model.state_dict())
    task, domain = manual_losses(model, pair())
    model.update_each(optim, head=task, generator=task * float('inf'))

    assert optim['generator'].loss_scaler.get_scale() == 2.0 ** 15  # two updates: 2^14
    changed = {key.split('.')[1] for key, value in model.state_dict().items()
               if not torch.equal(value, before[key])}
    assert changed == {'head'}  # G's step skipped, C's taken


def test_a_clean_backward_grows_the_scale_once_for_all_parts():
    model = method(dropout=0.0)
    optim = parts_optim(model, dict(dtype='float16', loss_scale=dict(init_scale=4.0,
                                                                        growth_interval=1)))
    model.update(optim, sum(manual_losses(model, pair())), ('generator', 'head', 'discriminator'))
    assert optim['discriminator'].loss_scaler.get_scale() == 8.0  # per-part updates: 32


def test_the_scale_is_checkpointed_with_each_part_and_restored():
    model = method()
    optim = parts_optim(model, dict(dtype='float16'))
    model.update_each(optim, generator=manual_losses(model, pair())[0] * float('inf'))
    state = optim.state_dict()
    assert all(state[name]['loss_scaler']['scale'] == 2.0 ** 15 for name in model.parts())
    restored = parts_optim(model, dict(dtype='float16'))
    restored.load_state_dict(state)
    assert restored['head'].loss_scaler.get_scale() == 2.0 ** 15


def test_a_single_wrapper_through_update_params_updates_its_scale():
    model = method()
    wrapper = MixedPrecisionOptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1),
                                         dtype='float16', loss_scale=dict(init_scale=4.0,
                                                                          growth_interval=1))
    wrapper.update_params(manual_losses(model, pair())[0])
    assert wrapper.loss_scaler.get_scale() == 8.0


def test_source_only_with_one_fp16_wrapper_built_like_the_runner():
    model = method('SourceOnly')
    cfg = Config(dict(optim_wrapper=dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1))))
    enable_amp(cfg, 'fp16')
    optim = build_optim_wrapper(model, cfg.optim_wrapper)  # what the Runner calls
    assert isinstance(optim, MixedPrecisionOptimWrapper) and optim.cast_dtype == torch.float16
    before = copy.deepcopy(model.state_dict())
    assert torch.isfinite(model.train_step(batch(0), optim)['loss_task'])
    assert any(not torch.equal(v, before[k]) for k, v in model.state_dict().items())


def test_enable_amp_rewrites_every_wrapper_config():
    parts = read_config(REPO / 'configs/dann_fcn_synthcity.py')
    enable_amp(parts)
    assert {parts.optim_wrapper[name].type for name in ('generator', 'head', 'discriminator')} == \
        {'segda.MixedPrecisionOptimWrapper'}
    assert parts.optim_wrapper.head.dtype == 'bfloat16'
    assert parts.optim_wrapper.constructor == 'PartsOptimWrapperConstructor'
    single = read_config(REPO / 'configs/source_only_fcn_synthcity.py')
    enable_amp(single, 'fp16')
    assert single.optim_wrapper.type == 'segda.MixedPrecisionOptimWrapper'
    assert single.optim_wrapper.dtype == 'float16'
    single.optim_wrapper.type = 'ZeroRedundancyOptimizer'
    with pytest.raises(ValueError, match='ZeroRedundancyOptimizer'):
        enable_amp(single)
    with pytest.raises(ValueError, match='fp32'):
        enable_amp(parts, 'fp32')


def test_wrappers_with_their_own_scale_policy_or_mixed_precision_for_some_parts_are_refused():
    model = method()

    class PerStepScaler(OptimWrapper):  # like mmengine's AmpOptimWrapper
        loss_scaler = torch.amp.GradScaler('cpu')

    foreign = PerStepScaler(torch.optim.SGD(model.parameters(), lr=0.1))
    with pytest.raises(TypeError, match='MixedPrecisionOptimWrapper'):
        shared_loss_scaler([foreign])
    mixed = parts_optim(model, dict(dtype='float16'))
    some = dict(generator=mixed['generator'], head=OptimWrapper(torch.optim.SGD(
        model.task.head.parameters(), lr=0.1)))
    with pytest.raises(ValueError, match='every part'):
        share_loss_scaler(some.values())
    with pytest.raises(ValueError, match='different loss scalers'):
        model.update(OptimWrapperDict(**some), manual_losses(model, pair())[0],
                     ('generator', 'head'))
    with pytest.raises(ValueError, match='dtype'):
        MixedPrecisionOptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1), dtype='int8')
