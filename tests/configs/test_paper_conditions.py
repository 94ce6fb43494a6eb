"""Each config trains under its paper's conditions: DANN's domain classifier per network (JMLR
2016 Sec. 5.2.2) and the SVHN network's max-norm; the embedded configs' optimisers and
schedules against the numbers their headers cite (DANN Sec. 5.2.2: SGD, momentum 0.9, mu_0
0.01 annealed with alpha 10, beta 0.75; ADR Sec. 4.2: Adam 2e-4; SymNets Sec. 4.1: DANN's
SGD with the classifiers at 10x G's rate); SymNets' separate BatchNorm; DACS's SGD poly
schedule; DAFormer's and MIC's GTA5 and SYNTHIA configs: AdamW, the decoder at 10x, no
weight decay on norms, and mmcv's linear warm-up times the poly decay."""

import pytest
import torch

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.apis.config import read_config
from segda.engine.optim import PartsOptimWrapperConstructor
from segda.registry import MODELS, PARAM_SCHEDULERS

from helpers.cli import REPO

CONFIGS = REPO / 'configs'
DIGIT_PAIRS = ('digits_demo', 'digits_mnistm_demo')


def load(name):
    return read_config(str(CONFIGS / name))


def part_optimisers(cfg):
    return {name: wrapper['optimizer'] for name, wrapper in cfg.optim_wrapper.items()
            if name != 'constructor'}


@pytest.mark.parametrize('config, hidden', [
    ('classification/dann_mnist_to_mnistm.py', [100]),        # the MNIST network: x -> 100
    ('classification/dann_digits_demo.py', [100]),
    ('classification/dann_digits_mnistm_demo.py', [100]),
    ('classification/dann_svhn_to_mnist.py', [1024, 1024]),   # every other network
    ('classification/dann_mnist_to_svhn.py', [1024, 1024]),
    ('classification/dann_syn_digits_to_svhn.py', [1024, 1024]),
    ('classification/dann_synsigns_to_gtsrb.py', [1024, 1024]),  # Fig. 4c
    ('classification/dann_semisup430_synsigns_to_gtsrb.py', [1024, 1024]),
    ('classification/dann_office31_amazon_to_webcam.py', [1024, 1024]),
])
def test_dann_domain_classifier_per_network(config, hidden):
    discriminator = load(config).model.discriminator
    assert discriminator.type == 'MLPDiscriminator'
    assert list(discriminator.hidden) == hidden


@pytest.mark.parametrize('config', ['classification/dann_svhn_to_mnist.py',
                                    'classification/dann_syn_digits_to_svhn.py',
                                    'classification/source_only_svhn_to_mnist.py',
                                    'classification/dann_mnist_to_svhn.py',
                                    'classification/source_only_mnist_to_svhn.py',
                                    'classification/source_only_syn_digits_to_svhn.py'])
def test_the_svhn_network_trains_with_max_norm(config):
    hooks = [hook for hook in load(config).custom_hooks if hook.type == 'MaxNormHook']
    assert len(hooks) == 1 and hooks[0].module == 'task' and hooks[0].max_norm > 0


def assert_dann_sgd(cfg, parts):
    optimisers = part_optimisers(cfg)
    assert set(optimisers) == set(parts)
    for optimiser in optimisers.values():
        assert (optimiser.type, optimiser.momentum) == ('SGD', 0.9)
    assert [(s.type, s.alpha, s.beta) for s in cfg.param_scheduler] == [('InvLR', 10.0, 0.75)]
    return optimisers


@pytest.mark.parametrize('config', sorted(
    path.name for path in (CONFIGS / 'classification').glob('*_synsigns_to_gtsrb.py')))
def test_the_gtsrb_configs_train_with_danns_sgd_and_no_max_norm(config):
    """DANN Sec. 5.2.2's schedule for every image network; dropout and max-norm are the SVHN
    network's only."""
    cfg = load(f'classification/{config}')
    parts = ('generator', 'head') + (('discriminator',) if config.startswith('dann_') else ())
    assert {o.lr for o in assert_dann_sgd(cfg, parts).values()} == {0.01}
    assert not [hook for hook in cfg.get('custom_hooks', []) if hook.type == 'MaxNormHook']
    assert cfg.model.task.head.dropout == 0.0
    if config.startswith('dann_'):
        assert cfg.model.gamma == 10.0


@pytest.mark.parametrize('pair', DIGIT_PAIRS)
def test_embedded_digits_configs_follow_their_papers_schedules(pair):
    dann = load(f'classification/dann_{pair}.py')
    assert {o.lr for o in assert_dann_sgd(dann, ('generator', 'head', 'discriminator')).values()} \
        == {0.01}
    assert dann.model.gamma == 10.0
    assert dann.model.domain_bn == 'separate'  # chosen on the domain loss (label-free)
    symnets = load(f'classification/symnets_{pair}.py')
    optimisers = assert_dann_sgd(symnets, ('generator', 'head'))
    assert optimisers['generator'].lr == 0.01
    assert optimisers['head'].lr == pytest.approx(10 * optimisers['generator'].lr)
    assert symnets.model.domain_bn == 'separate'
    for method in ('source_only', 'oracle'):
        baseline = load(f'classification/{method}_sgd_{pair}.py')
        assert {o.lr for o in assert_dann_sgd(baseline, ('generator', 'head')).values()} == {0.01}
    for method in ('adr', 'ent', 'source_only', 'oracle'):
        cfg = load(f'classification/{method}_{pair}.py')
        assert {(o.type, o.lr) for o in part_optimisers(cfg).values()} == {('Adam', 2e-4)}
        assert not cfg.get('param_scheduler')
    # every method of the pair trains as long, on batches of the same size
    runs = [load(path) for path in (CONFIGS / 'classification').glob(f'*_{pair}.py')
            if '_ssgan_' not in path.name]  # the semi-supervised GAN's one-domain runs
    assert len({(cfg.train_cfg.max_iters, cfg.train_dataloader.batch_size) for cfg in runs}) == 1


@pytest.mark.parametrize('config', ['symnets_fcn_gta5.py', 'symnets_fcn_synthcity.py',
                                    'classification/symnets_office31_amazon_to_webcam.py',
                                    'classification/symnets_office_home_art_to_clipart.py',
                                    'classification/symnets_imageclef_i_to_p.py'])
def test_symnets_classifiers_learn_10x_faster_with_separate_batchnorm(config):
    cfg = load(config)
    optimisers = part_optimisers(cfg)
    assert optimisers['head'].lr == pytest.approx(10 * optimisers['generator'].lr)
    assert cfg.model.domain_bn == 'separate'


DAFORMER_RUNS = ['daformer_mitb5_gta5.py', 'mic_daformer_mitb5_gta5.py',
                 'daformer_mitb5_synthia.py', 'mic_daformer_mitb5_synthia.py']


@pytest.mark.parametrize('config', DAFORMER_RUNS)
def test_daformer_trains_with_adamw_a_10x_decoder_and_no_decay_on_norms(config):
    cfg = load(config)
    task = cfg.model.task
    task.backbone.update(arch='b0', pretrained=None)  # MiT-B5's names, a smaller network
    task.decoder.update(embed_dims=16, channels=16)
    model = MODELS.build(cfg.model)
    parts = {name: part for name, part in cfg.optim_wrapper.items() if name != 'constructor'}
    optim = PartsOptimWrapperConstructor(parts)(model)
    names = {id(p): n for n, p in model.task.generator.named_parameters()}
    for group in optim['generator'].optimizer.param_groups:
        assert group['lr'] == 6e-5 and group['betas'] == (0.9, 0.999)
        (param,) = group['params']
        assert group['weight_decay'] == (0.0 if 'norm' in names[id(param)] else 0.01)
    assert any('norm' in name for name in names.values())
    head_groups = optim['head'].optimizer.param_groups
    assert {(g['lr'], g['weight_decay'], g['betas']) for g in head_groups} == {
        (6e-4, 0.01, (0.9, 0.999))}
    assert cfg.train_dataloader.batch_size == 2 and cfg.train_cfg.max_iters == 40000
    assert cfg.model.alpha == 0.999 and cfg.model.imnet_feature_dist_lambda == 0.005


@pytest.mark.parametrize('config', DAFORMER_RUNS)
def test_daformer_warms_up_linearly_for_1500_iterations_then_decays_as_mmcv_did(config):
    """mmcv's poly with linear warm-up (DAFormer's poly10warm.py): lr_t = lr_0 (1 - t / T)
    (1 - (1 - t / 1500) (1 - 1e-6)) before t = 1500, lr_0 (1 - t / T) from then on; mmengine's
    PolyLR decays over T - 1 iterations (relatively 1 / T lower, 0 at the last)."""
    cfg = load(config)
    total = cfg.train_cfg.max_iters
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=6e-5)
    schedulers = [PARAM_SCHEDULERS.build(dict(scheduler, optimizer=optimizer, end=total)
                                         if 'end' not in scheduler else
                                         dict(scheduler, optimizer=optimizer))
                  for scheduler in cfg.param_scheduler]

    def mmcv(t):
        warm = 1 - (1 - t / 1500) * (1 - 1e-6) if t < 1500 else 1.0
        return 6e-5 * (1 - t / total) * warm

    for t in range(total):
        if t in (0, 1, 750, 1499, 1500, 1501, 20000):
            assert optimizer.param_groups[0]['lr'] == pytest.approx(mmcv(t), rel=1.01 / total)
        if t == total - 1:
            assert optimizer.param_groups[0]['lr'] == 0
        optimizer.step()
        for scheduler in schedulers:
            scheduler.step()


@pytest.mark.parametrize('config', ['dacs_deeplabv2_gta5.py', 'dacs_deeplabv2_synthia.py'])
def test_dacs_trains_with_its_codes_sgd_poly_schedule(config):
    """DACS's configUDA.json: SGD 2.5e-4 (momentum 0.9, decay 5e-4), the classifier at 10x,
    poly 0.9 over 250k iterations, 2 + 2 images, alpha 0.99, tau 0.968."""
    cfg = load(config)
    optimisers = part_optimisers(cfg)
    assert optimisers['generator'] == dict(type='SGD', lr=2.5e-4, momentum=0.9, weight_decay=5e-4)
    assert optimisers['head'] == dict(optimisers['generator'], lr=2.5e-3)
    (poly,) = cfg.param_scheduler
    assert poly.type == 'PolyLR' and poly.power == 0.9 and poly.eta_min == 0
    assert cfg.train_cfg.max_iters == 250000 and cfg.train_dataloader.batch_size == 2
    assert cfg.model.type == 'DACS' and cfg.model.alpha == 0.99
    assert cfg.model.pseudo_threshold == 0.968
