"""Resume exactness: N iterations + resume + N more == 2N iterations straight.

The loop tests run a Runner on a toy model (dropout, momentum, numpy-drawn noise) and
kill the first run right after the checkpoint of iteration N, as a crash would. The
method tests run ``tools/train.py`` in this process (``runpy``: the CLI's own code path
without a fresh interpreter per run) for every method config, and resume with
``--resume iter_N.pth``; parameters and optimiser states must be bit-identical.
"""
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.multiprocessing as mp
from mmengine.hooks import Hook
from mmengine.model import BaseModel, is_model_wrapper
from mmengine.runner import Runner
from torch import nn
from torch.utils.data import Dataset, Sampler

from segda.apis.config import read_config
from segda.engine.dist import distributed
from segda.engine.loops import ResumableIterBasedTrainLoop
from segda.engine.rng_state import global_rng_state, set_global_rng_state

from helpers.cli import REPO, free_port, set_rank_env, synthcity_options

N = 2
METHODS = ('source_only', 'dann', 'adr', 'ent', 'symnets', 'dacs', 'daformer', 'mic_daformer')


class Crash(Exception):
    """The simulated death of a training process."""


@pytest.fixture
def isolated_torch_state():
    """The Runner switches on deterministic algorithms and reseeds: undo it afterwards.

    One thread: on this shared 2-core machine two OpenMP threads per process spin and
    cost ~10x the CPU time for the same (bit-identical within a thread count) result.
    """
    cudnn = torch.backends.cudnn
    deterministic, threads = torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()
    cudnn_flags, rng = (cudnn.deterministic, cudnn.benchmark), global_rng_state()
    torch.set_num_threads(1)
    yield
    torch.use_deterministic_algorithms(deterministic)
    torch.set_num_threads(threads)
    cudnn.deterministic, cudnn.benchmark = cudnn_flags
    set_global_rng_state(rng)


class CrashAfterHook(Hook):
    """Raise :class:`Crash` once iteration ``iteration`` and its checkpoint are done."""

    priority = 'LOWEST'  # after CheckpointHook (VERY_LOW) has saved

    def __init__(self, iteration):
        self.iteration = iteration

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == self.iteration:
            raise Crash(f'killed after iteration {self.iteration}')


class CountingDataset(Dataset):
    """``dict(inputs=[i])`` for ``i < size``; counts the samples it loads."""

    def __init__(self, size=10):
        self.size, self.loaded = size, 0

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        self.loaded += 1
        return dict(inputs=torch.tensor([index / self.size]), index=index)


class PlainInfiniteSampler(Sampler):
    """An infinite sampler without ``start_at``: the loop must fall back to loading."""

    def __init__(self, dataset, seed=0):
        self.size, self.seed = len(dataset), seed
        self.indices = self._indices()

    def _indices(self):
        generator = torch.Generator().manual_seed(self.seed)
        while True:
            yield from torch.randperm(self.size, generator=generator).tolist()

    def __iter__(self):
        yield from self.indices

    def __len__(self):
        return self.size


class DropoutRegressor(BaseModel):
    """Fits ``y = 2x`` through dropout with numpy-drawn target noise; records its batches
    and losses, so every random stream (torch, numpy) and the momentum buffer matter."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, 8), nn.Dropout(0.5), nn.Linear(8, 1))
        self.trained, self.losses = [], []

    def forward(self, inputs, index, mode='loss'):
        x = torch.stack(inputs)
        self.trained.append(list(index))
        noise = torch.from_numpy(np.random.normal(size=x.shape).astype(np.float32))
        loss = ((self.net(x) - 2 * x - 0.1 * noise) ** 2).mean()
        self.losses.append(loss.item())
        return dict(loss=loss)


def run_toy(work_dir, name, sampler, max_iters, workers=0, resume=False, crash_after=None,
            launcher='none'):
    """Train the toy for ``max_iters`` (or until ``crash_after``); returns (model, dataset).

    ``launcher='pytorch'``: one rank of a started process group, wrapped in DDP, seeded with
    ``seed + rank`` (``diff_rank_seed``, SegDA's default).
    """
    name = f'{work_dir.parent.name}_{name}'  # mmengine keeps loggers and visualizers by name
    several = launcher != 'none'
    randomness = dict(seed=0, deterministic=True, diff_rank_seed=several)
    wrapper = dict(type='MMDistributedDataParallel', device_ids=None) if several else None
    runner = Runner(
        model=dict(type=DropoutRegressor),  # built after the Runner seeds the generators
        work_dir=str(work_dir), experiment_name=name,
        train_dataloader=dict(dataset=CountingDataset(), sampler=sampler, batch_size=2,
                              num_workers=workers, collate_fn=dict(type='pseudo_collate')),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.05, momentum=0.9)),
        train_cfg=dict(type='ResumableIterBasedTrainLoop', max_iters=max_iters),
        default_hooks=dict(checkpoint=dict(type='AtomicCheckpointHook', by_epoch=False,
                                           interval=N), logger=None),
        custom_hooks=[dict(type='RNGStateHook'),
                      *([CrashAfterHook(crash_after)] if crash_after else [])],
        randomness=randomness, launcher=launcher, default_scope='segda', resume=resume,
        visualizer=dict(type='Visualizer', name=name),
        cfg=dict(randomness=randomness, model_wrapper_cfg=wrapper))  # what hooks read
    try:
        runner.train()
    except Crash:
        pass
    # stop the loader's workers now: collected later as part of the Runner's reference
    # cycles, they wait out a 5 s shutdown timeout
    runner.train_loop.dataloader_iterator = None
    model = runner.model.module if is_model_wrapper(runner.model) else runner.model
    return model, runner.train_dataloader.dataset  # the Runner copies the dataset


RESTARTABLE = dict(type='InfiniteSampler', shuffle=True)


@pytest.mark.parametrize('sampler, workers', [(RESTARTABLE, 0), (RESTARTABLE, 1),
                                              (dict(type=PlainInfiniteSampler), 0)],
                         ids=['restartable', 'restartable-worker', 'fallback'])
def test_loop_resumes_exactly(sampler, workers, tmp_path, isolated_torch_state):
    straight, _ = run_toy(tmp_path / 'straight', 'straight', sampler, 2 * N, workers)
    crashed, _ = run_toy(tmp_path / 'run', 'crashed', sampler, 2 * N, workers, crash_after=N)
    assert len(crashed.trained) == N and (tmp_path / 'run' / f'iter_{N}.pth').is_file()
    resumed, dataset = run_toy(tmp_path / 'run', 'resumed', sampler, 2 * N, workers,
                               resume=True)

    # the same batches (with a worker: not those it prefetched before the resume) ...
    assert resumed.trained == straight.trained[N:]
    if workers == 0:  # ... loading only them, unless the sampler cannot be restarted
        assert dataset.loaded == (N if sampler is RESTARTABLE else 2 * N) * 2
    for (name, a), b in zip(straight.state_dict().items(), resumed.state_dict().values()):
        assert torch.equal(a, b), name


def test_without_rng_states_the_continuation_differs(tmp_path, isolated_torch_state):
    """The toy does depend on the restored generators (the test above can fail)."""
    straight, _ = run_toy(tmp_path / 'straight', 'straight', RESTARTABLE, 2 * N)
    run_toy(tmp_path / 'run', 'crashed', RESTARTABLE, 2 * N, crash_after=N)
    checkpoint = tmp_path / 'run' / f'iter_{N}.pth'
    stripped = torch.load(checkpoint, weights_only=False)
    del stripped['rng_state']
    torch.save(stripped, checkpoint)
    resumed, _ = run_toy(tmp_path / 'run', 'resumed', RESTARTABLE, 2 * N, resume=True)
    assert resumed.trained == straight.trained[N:]
    assert not torch.equal(resumed.net[0].weight, straight.net[0].weight)


def _two_rank_worker(rank, port, out_dir):
    """Rank ``rank`` of 2: trains straight, then crashed after N and resumed; saves what
    each run trained on, its losses and final weights to ``out_dir/rank<rank>.pt``."""
    set_rank_env(rank, 2, port)
    torch.set_num_threads(1)
    out_dir = Path(out_dir)
    with distributed('pytorch'):
        runs = dict(straight=run_toy(out_dir / 'straight', 'straight', RESTARTABLE, 2 * N,
                                     launcher='pytorch')[0])
        run_toy(out_dir / 'run', 'crashed', RESTARTABLE, 2 * N, crash_after=N,
                launcher='pytorch')
        runs['resumed'] = run_toy(out_dir / 'run', 'resumed', RESTARTABLE, 2 * N, resume=True,
                                  launcher='pytorch')[0]
    torch.save({run: dict(trained=model.trained, losses=model.losses,
                          state_dict=model.state_dict()) for run, model in runs.items()},
               out_dir / f'rank{rank}.pt')


@pytest.mark.slow
def test_two_processes_resume_every_rank_exactly(tmp_path):
    """2 CPU processes (gloo), each with its own seed: N + resume + N equal 2N straight on
    every rank (its batches, the losses it logs, the weights), not only on rank 0."""
    mp.spawn(_two_rank_worker, args=(free_port(), str(tmp_path)), nprocs=2, join=True)
    ranks = [torch.load(tmp_path / f'rank{rank}.pt', weights_only=False) for rank in (0, 1)]
    assert ranks[0]['straight']['trained'] != ranks[1]['straight']['trained']
    for rank, runs in enumerate(ranks):
        straight, resumed = runs['straight'], runs['resumed']
        assert resumed['trained'] == straight['trained'][N:], f'rank {rank}'
        assert resumed['losses'] == straight['losses'][N:], f'rank {rank}'
        for key, value in straight['state_dict'].items():
            assert torch.equal(value, resumed['state_dict'][key]), f'rank {rank}: {key}'


def synthcity_scale_options(config, scale):
    """--cfg-options that set every Resize of the config's pipelines to ``scale``."""
    cfg = read_config(REPO / config)
    loader = cfg.train_dataloader.dataset
    pipelines = {'train_dataloader.dataset': loader} if 'pipeline' in loader else {
        f'train_dataloader.dataset.{domain}': loader[domain] for domain in ('source', 'target')}
    pipelines['val_dataloader.dataset'] = cfg.val_dataloader.dataset
    return [f'{key}.pipeline.{index}.scale={scale}' for key, dataset in pipelines.items()
            for index, step in enumerate(dataset.pipeline) if step['type'] == 'Resize']


def train_cli(monkeypatch, config, work_dir, options, resume=None):
    """``python tools/train.py CONFIG --work-dir W [--resume CKPT] --cfg-options ...``;
    returns the image paths of every trained batch."""
    trained = []
    run_iter = ResumableIterBasedTrainLoop.run_iter

    def recording_run_iter(loop, batch):
        domains = [batch[key] for key in ('source', 'target') if key in batch] or [batch]
        trained.append([sample['img_path'] for d in domains for sample in d['data_samples']])
        run_iter(loop, batch)

    name = work_dir.name  # mmengine keeps loggers, message hubs and visualizers by name
    argv = ['tools/train.py', config, '--work-dir', str(work_dir),
            *(['--resume', str(resume)] if resume else []), '--cfg-options', *options,
            f'experiment_name={name}', f'visualizer.name={name}']
    with monkeypatch.context() as patch:
        patch.setattr(ResumableIterBasedTrainLoop, 'run_iter', recording_run_iter)
        patch.setattr(sys, 'argv', argv)
        runpy.run_path(str(REPO / 'tools' / 'train.py'), run_name='__main__')
    return trained


def assert_same(a, b, where):
    """Nested dicts/lists of tensors and plain values; tensors compared bit for bit."""
    if isinstance(a, torch.Tensor):
        assert torch.equal(a, b), where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_same(a[key], b[key], f'{where}.{key}')
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for index, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f'{where}[{index}]')
    else:
        assert a == b, where


@pytest.mark.slow
@pytest.mark.parametrize('method', METHODS)
def test_resumed_method_equals_uninterrupted(method, tiny_synthcity, tmp_path, monkeypatch,
                                             isolated_torch_state):
    config = f'configs/{method}_fcn_synthcity.py'
    options = [*synthcity_options(config, tiny_synthcity, workers=0, batch_size=2),
               *synthcity_scale_options(config, (64, 32)),
               f'train_cfg.max_iters={2 * N}', f'train_cfg.val_interval={N}',
               f'default_hooks.checkpoint.interval={N}', 'model.task.decoder.channels=16',
               'randomness.seed=0', 'randomness.deterministic=True']

    straight = train_cli(monkeypatch, config, tmp_path / f'{method}_straight', options)
    # validation ran at iteration N after the checkpoint: it must not matter
    resumed = train_cli(monkeypatch, config, tmp_path / f'{method}_resumed', options,
                        resume=tmp_path / f'{method}_straight' / f'iter_{N}.pth')

    assert len(straight) == 2 * N and resumed == straight[N:]
    final = [torch.load(tmp_path / f'{method}_{run}' / f'iter_{2 * N}.pth', weights_only=False)
             for run in ('straight', 'resumed')]
    for key in ('state_dict', 'optimizer', 'param_schedulers'):
        assert_same(final[0][key], final[1][key], key)
    if method.endswith(('dacs', 'daformer')):  # the EMA teacher, no optimiser's, is compared
        assert any(key.startswith('teacher.') for key in final[0]['state_dict'])
    if method.endswith('daformer'):  # and the frozen backbone of the feature distance
        assert any(key.startswith('imnet_backbone.') for key in final[0]['state_dict'])
