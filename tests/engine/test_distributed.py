"""Data-parallel training on 2 CPU processes (gloo): every method keeps the ranks identical.

One spawn of 2 workers (``_worker``) trains each method a few iterations on different
per-rank data, dropout masks and initial weights, and saves what the tests compare.
"""
import itertools
import os
import subprocess
import sys
from unittest import mock

import pytest
import torch
import torch.multiprocessing as mp
from mmengine.logging import MessageHub
from mmengine.model import convert_sync_batchnorm

import segda.methods  # noqa: F401  (registers the methods)
import segda.models  # noqa: F401
from segda.apis.config import read_config
from segda.datasets import DomainPairDataset, DomainPairSampler
from segda.engine import PartsOptimWrapperConstructor, UDADistributedWrapper
from segda.engine.dist import choose_backend, distributed
from segda.evaluation import IoUMetric
from segda.registry import MODELS

from helpers.cli import REPO, free_port, set_rank_env, synthcity_options

WORLD_SIZE = 2
ITERS = 3
BATCH = 4  # per rank
DIM, K = 4, 3
HUB_NAMES = (f'test_distributed_{i}' for i in itertools.count())


def classifier(num_classes=K, dropout=0.5, norm=True):
    return dict(type='Classifier', num_classes=num_classes,
                backbone=dict(type='MLP', in_channels=DIM, hidden=(8, 8), norm=norm),
                head=dict(type='ClassificationHead', hidden=(8,), dropout=dropout, norm=norm))


DISCRIMINATOR = dict(type='MLPDiscriminator', hidden=(8,))
METHODS = {
    'SourceOnly': dict(type='SourceOnly', task=classifier()),
    'DANN': dict(type='DANN', task=classifier(), discriminator=DISCRIMINATOR),
    'ADR': dict(type='ADR', task=classifier(), generator_steps=2, clean_head=True),
    'ENT': dict(type='ENT', task=classifier(), generator_steps=2),
    'SymNets': dict(type='SymNets', task=classifier()),
    'ADR-segmentation': dict(
        type='ADR', generator_steps=2, data_preprocessor=dict(type='SegDataPreProcessor'),
        task=dict(type='Segmentor', num_classes=K, backbone=dict(type='ResNet', depth=18),
                  decoder=dict(type='FCNDecoder', channels=8, dropout=0.5))),
    'DACS': dict(
        type='DACS', data_preprocessor=dict(type='SegDataPreProcessor'),
        task=dict(type='Segmentor', num_classes=K, backbone=dict(type='ResNet', depth=18),
                  decoder=dict(type='FCNDecoder', channels=8, dropout=0.5))),
    # DAFormer's frozen backbone and MIC's masked target: the frozen copy is rank 0's too.
    'DACS-feature-distance-MIC': dict(
        type='DACS', data_preprocessor=dict(type='SegDataPreProcessor'),
        imnet_feature_dist_lambda=0.005, imnet_feature_dist_classes=[1, 2],
        imnet_feature_dist_scale_min_ratio=0.0, mask_lambda=1.0, mask_block_size=8,
        task=dict(type='Segmentor', num_classes=K, backbone=dict(type='ResNet', depth=18),
                  decoder=dict(type='FCNDecoder', channels=8, dropout=0.5))),
}
# No BatchNorm, no dropout: 2 ranks x BATCH must equal 1 process x 2 BATCH.
DETERMINISTIC = {
    'SourceOnly': dict(type='SourceOnly', task=classifier(dropout=0.0, norm=False)),
    'DANN': dict(type='DANN', task=classifier(dropout=0.0, norm=False),
                 discriminator=DISCRIMINATOR),
}


def batch(rank, iteration, cfg, labelled=True):
    """Rank- and iteration-specific data: the ranks never see the same batch."""
    generator = torch.Generator().manual_seed(1000 * iteration + 10 * rank + labelled)
    if cfg['task']['type'] == 'Segmentor':
        inputs = torch.randint(0, 256, (2, 3, 32, 32), dtype=torch.uint8, generator=generator)
        labels = torch.randint(0, K, (2, 32, 32), dtype=torch.uint8, generator=generator)
        samples = [dict(gt_seg=label) if labelled else {} for label in labels]
    else:
        inputs = torch.randn(BATCH, DIM, generator=generator)
        labels = torch.randint(0, K, (BATCH,), generator=generator)
        samples = [dict(gt_label=label) if labelled else {} for label in labels]
    return dict(inputs=inputs, data_samples=samples)


def pair(rank, iteration, cfg):
    return dict(source=batch(rank, iteration, cfg), target=batch(rank, iteration, cfg, False))


def concat(*batches):
    return dict(inputs=torch.cat([b['inputs'] for b in batches]),
                data_samples=[s for b in batches for s in b['data_samples']])


def optimisers(method):
    sgd = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1, momentum=0.9))
    return PartsOptimWrapperConstructor({name: sgd for name in method.parts()})(method)


def train(cfg, batches, init_seed, dropout_seed):
    """Build ``cfg`` with ``init_seed``, wrap it, train on ``batches``; the final state."""
    hub = MessageHub.get_instance(next(HUB_NAMES))  # a new one is the current one
    hub.update_info('max_iters', len(batches))
    torch.manual_seed(init_seed)
    model = UDADistributedWrapper(MODELS.build(cfg).train())
    optim = optimisers(model.module)
    torch.manual_seed(dropout_seed)
    for iteration, data in enumerate(batches):
        hub.update_info('iter', iteration)
        model.train_step(data, optim)
    return {k: v.clone() for k, v in model.module.state_dict().items()}


def evaluate_iou(batches, world_size=1):
    """IoUMetric over this rank's batches; ``size`` is the whole dataset's, as the Runner
    passes it (mmengine truncates the results gathered from all ranks to it)."""
    metric = IoUMetric(num_classes=K, class_names=('a', 'b', 'c'))
    for outputs in batches:
        metric.process(None, outputs)
    return metric.evaluate(size=world_size * sum(len(outputs) for outputs in batches))


def segmentation_outputs(rank, index):
    generator = torch.Generator().manual_seed(100 * rank + index)
    outputs = []
    for _ in range(2):
        gt_seg = torch.randint(0, K + 1, (5, 7), generator=generator)
        gt_seg[gt_seg == K] = 255
        outputs.append(dict(pred_seg=torch.randint(0, K, (5, 7), generator=generator),
                            gt_seg=gt_seg))
    return outputs


def _worker(rank, port, out_dir):
    set_rank_env(rank, WORLD_SIZE, port)
    os.chdir(out_dir)  # mmengine's collect_results writes a .dist_test folder here
    torch.set_num_threads(1)
    results = dict(initial={}, trained={}, unsynced={}, deterministic={})
    with distributed('pytorch'):
        for name, cfg in METHODS.items():
            torch.manual_seed(100 + rank)
            results['initial'][name] = MODELS.build(cfg).state_dict()
            iters = 2 if cfg['task']['type'] == 'Segmentor' else ITERS
            data = [pair(rank, i, cfg) for i in range(iters)]
            results['trained'][name] = train(cfg, data, init_seed=100 + rank, dropout_seed=rank)
        with mock.patch('segda.methods.base.average_gradients', lambda params: None):
            cfg = METHODS['ADR']
            results['unsynced']['ADR'] = train(cfg, [pair(rank, i, cfg) for i in range(ITERS)],
                                               init_seed=100, dropout_seed=rank)
        for name, cfg in DETERMINISTIC.items():
            data = [pair(rank, i, cfg) for i in range(ITERS)]
            results['deterministic'][name] = train(cfg, data, init_seed=0, dropout_seed=0)
        results['iou'] = evaluate_iou([segmentation_outputs(rank, i) for i in range(2)],
                                      WORLD_SIZE)
        sampler = DomainPairSampler(DomainPairDataset(source=list(range(10)),
                                                      target=list(range(7))))
        results['pairs'] = list(itertools.islice(iter(sampler), 5))
        results['sampler_seed'] = sampler.seed
    torch.save(results, os.path.join(out_dir, f'rank{rank}.pt'))


@pytest.fixture(scope='module')
def ranks(tmp_path_factory):
    """What each of the 2 workers saved: ``ranks[r][...]``."""
    out_dir = tmp_path_factory.mktemp('distributed')
    mp.spawn(_worker, args=(free_port(), str(out_dir)), nprocs=WORLD_SIZE, join=True)
    return [torch.load(out_dir / f'rank{rank}.pt', weights_only=False)
            for rank in range(WORLD_SIZE)]


def differing(state_a, state_b):
    return [key for key in state_a if not torch.equal(state_a[key], state_b[key])]


@pytest.mark.slow
@pytest.mark.parametrize('name', list(METHODS))
def test_every_method_keeps_parameters_and_buffers_identical_across_ranks(ranks, name):
    initial = [r['initial'][name] for r in ranks]
    trained = [r['trained'][name] for r in ranks]
    assert differing(*initial), 'the ranks must start apart for the test to mean something'
    assert differing(trained[0], initial[0]), 'training changed nothing'
    assert differing(*trained) == []


def test_without_gradient_averaging_the_ranks_diverge(ranks):
    """The check above can fail: the same run with the all-reduce patched away."""
    unsynced = [r['unsynced']['ADR'] for r in ranks]
    assert any(key.startswith('task.generator.') for key in differing(*unsynced))


@pytest.mark.parametrize('name', list(DETERMINISTIC))
def test_two_ranks_equal_one_process_on_the_global_batch(ranks, name):
    cfg = DETERMINISTIC[name]
    global_batches = [dict(source=concat(*(pair(r, i, cfg)['source'] for r in range(WORLD_SIZE))),
                           target=concat(*(pair(r, i, cfg)['target'] for r in range(WORLD_SIZE))))
                      for i in range(ITERS)]
    single = train(cfg, global_batches, init_seed=0, dropout_seed=0)
    for rank in ranks:
        for key, value in single.items():
            torch.testing.assert_close(rank['deterministic'][name][key], value,
                                       rtol=1e-5, atol=1e-6, msg=key)


@pytest.mark.slow
def test_iou_metric_sums_the_confusion_matrices_of_all_ranks(ranks):
    expected = evaluate_iou([segmentation_outputs(r, i) for r in range(WORLD_SIZE)
                             for i in range(2)])
    for rank in ranks:
        assert rank['iou'] == pytest.approx(expected, nan_ok=True)


def test_domain_pair_sampler_shares_one_seed_and_strides_the_stream_by_rank(ranks):
    assert ranks[0]['sampler_seed'] == ranks[1]['sampler_seed']
    dataset = DomainPairDataset(source=list(range(10)), target=list(range(7)))
    with mock.patch('segda.datasets.domain_pair.get_dist_info', lambda: (0, 1)):
        sampler = DomainPairSampler(dataset, seed=ranks[0]['sampler_seed'])
        joint = list(itertools.islice(iter(sampler), 10))
    assert ranks[0]['pairs'] == joint[0::2] and ranks[1]['pairs'] == joint[1::2]
    assert {s for s, _ in ranks[0]['pairs']}.isdisjoint(s for s, _ in ranks[1]['pairs'])


def test_sync_bn_conversion_keeps_the_method_trainable_by_parts():
    """``sync_bn='torch'`` in a config: mmengine converts the method before wrapping it. On
    the CPU SyncBatchNorm cannot run forward (torch needs a GPU), so only the conversion
    and the per-part optimisers on the converted modules are checked here."""
    method = convert_sync_batchnorm(MODELS.build(METHODS['ADR-segmentation']), 'torch')
    norms = [m for m in method.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    assert norms and all(isinstance(m, torch.nn.SyncBatchNorm) for m in norms)
    optim = optimisers(method)
    stepped = {id(p) for wrapper in optim.values()
               for group in wrapper.param_groups for p in group['params']}
    assert all(id(m.weight) in stepped for m in norms)


def test_backend_is_gloo_without_cuda_and_nccl_with_it():
    assert choose_backend(None, cuda_available=False) == 'gloo'
    assert choose_backend(None, cuda_available=True) == 'nccl'
    assert choose_backend('gloo', cuda_available=True) == 'gloo'
    with pytest.raises(ValueError, match='nccl.*CUDA'):
        choose_backend('nccl', cuda_available=False)
    with pytest.raises(ValueError, match='launcher'):
        with distributed('mpi'):
            pass


def test_default_runtime_wraps_seeds_per_rank_and_leaves_sync_bn_off():
    cfg = read_config(REPO / 'configs/_base_/default_runtime.py')
    assert cfg.model_wrapper_cfg.type == 'segda.UDADistributedWrapper'
    assert cfg.randomness.diff_rank_seed is True
    assert cfg.sync_bn is None and 'backend' not in cfg.env_cfg.dist_cfg


@pytest.mark.slow
def test_dist_train_sh_trains_adr_on_two_cpu_processes_and_evaluates(tiny_synthcity, tmp_path):
    config = REPO / 'configs/adr_fcn_synthcity.py'
    work_dir = tmp_path / 'work'
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()),
               NO_ALBUMENTATIONS_UPDATE='1', CUDA_VISIBLE_DEVICES='')
    result = subprocess.run(
        ['bash', str(REPO / 'tools/dist_train.sh'), str(config), '2', '--work-dir', str(work_dir),
         '--cfg-options', *synthcity_options('configs/adr_fcn_synthcity.py', tiny_synthcity),
         'train_cfg.max_iters=2', 'train_cfg.val_interval=2', 'default_hooks.logger.interval=1',
         'default_hooks.checkpoint.interval=2', 'model.task.decoder.channels=16',
         'model.generator_steps=2'],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert 'Distributed training: True' in log and 'diff_rank_seed: True' in log
    assert 'Iter(train) [2/2]' in log and 'mIoU' in log
    assert (work_dir / 'iter_2.pth').is_file()
