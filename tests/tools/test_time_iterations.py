"""tools/time_iterations.py and segda.timing: config twins, data redirection, and one
tiny end-to-end run whose report must hold every figure (no timing thresholds)."""
import math

import pytest
import torch

from segda.apis.config import read_config
from segda.timing import run_benchmark, to_markdown
from segda.timing.loader import point_dataset_at, with_resize_scale
from segda.timing.training import source_only_config, time_bare_loop

from helpers.cli import REPO, run_tool

ADR = 'configs/adr_fcn_synthcity.py'
TINY = (64, 32)


def load(config):
    return read_config(REPO / config)


def test_source_only_twin_keeps_task_data_and_optimisers_of_g_and_c():
    cfg = load('configs/dann_fcn_synthcity.py')
    twin = source_only_config(cfg)
    assert twin.model.type == 'SourceOnly'
    assert twin.model.task == cfg.model.task
    assert twin.model.data_preprocessor == cfg.model.data_preprocessor
    assert set(twin.optim_wrapper) == {'constructor', 'generator', 'head'}  # no discriminator
    assert twin.optim_wrapper.generator == cfg.optim_wrapper.generator
    assert twin.train_dataloader == cfg.train_dataloader
    assert cfg.model.type == 'DANN'  # the method's config is left alone


def test_source_only_twin_needs_a_task_model():
    cfg = load(ADR)
    cfg.model = dict(type='ADR', backbone=dict(type='ResNet'))
    with pytest.raises(ValueError, match='no `task`'):
        source_only_config(cfg)


def test_pair_dataset_points_at_benchmark_data_and_resizes_both_domains(tmp_path):
    dataset = with_resize_scale(point_dataset_at(load(ADR).train_dataloader.dataset, tmp_path),
                                (1024, 512))
    assert dataset.source.data_root == str(tmp_path / 'gta5')
    assert dataset.target.data_root == str(tmp_path / 'cityscapes')
    assert dataset.target.split == 'train'
    for domain in (dataset.source, dataset.target):
        scales = [t['scale'] for t in domain.pipeline if t['type'] == 'Resize']
        assert scales == [(1024, 512)]


def test_unknown_dataset_type_is_named():
    with pytest.raises(ValueError, match="'VOCDataset'"):
        point_dataset_at(dict(type='VOCDataset', data_root='data/voc'), 'anywhere')


def positive_finite(value):
    return isinstance(value, float) and math.isfinite(value) and value > 0


def test_tiny_adr_run_reports_every_figure():
    cfg = load(ADR)
    cfg.merge_from_dict({'train_dataloader.batch_size': 1, 'train_dataloader.num_workers': 1})
    cfg.train_dataloader.dataset = with_resize_scale(cfg.train_dataloader.dataset, TINY)
    report = run_benchmark(cfg, ADR, 'python tools/time_iterations.py tiny', iters=2, warmup=0,
                           loader_batches=1, loader_scale=TINY, image_size=(96, 48),
                           images_per_domain=2)

    assert (report.batch_size, report.images_per_iter, report.pairs) == (1, 2, True)
    assert report.input_size == (TINY[1], TINY[0])
    assert set(report.measurements) == {'method', 'source_only', 'bare'}
    for measurement in report.measurements.values():
        assert len(measurement.seconds) == len(measurement.cpu_seconds) == 2
        assert all(positive_finite(s) for s in measurement.seconds + measurement.cpu_seconds)
        assert measurement.memory.peak >= measurement.memory.start > 0  # Linux: VmHWM
    assert positive_finite(report.method_ratio) and positive_finite(report.overhead)
    assert [rate.workers for rate in report.loader] == [0, 1]
    for rate in report.loader:
        assert positive_finite(rate.samples_per_s)
        assert rate.images_per_s == pytest.approx(2 * rate.samples_per_s)  # pairs
        assert rate.output_size == (TINY[1], TINY[0])
    assert report.keeps_ahead == (report.default_loader.images_per_s
                                  >= report.training_images_per_s)

    table = to_markdown(report)
    for text in ('python tools/time_iterations.py tiny', 'ADR (SegDA Runner)', 'bare PyTorch loop',
                 'framework overhead', 'ADR / SourceOnly', '<= 6x', 'keeps ahead',
                 report.machine['cpu'], 'CPU s/iter'):
        assert text in table


@pytest.mark.parametrize('amp', [None, 'fp16'])
def test_bare_loop_times_each_iteration(amp):
    cfg = load(ADR)
    batch = dict(inputs=torch.randint(0, 256, (1, 3, 32, 64), dtype=torch.uint8),
                 data_samples=[dict(gt_seg=torch.randint(0, 19, (32, 64), dtype=torch.uint8))])
    measurement = time_bare_loop(cfg, [dict(source=batch, target=batch)], warmup=1, iters=2,
                                 device='cpu', amp=amp)
    assert len(measurement.seconds) == 2
    assert all(positive_finite(s) for s in measurement.seconds)


@pytest.mark.slow
def test_cli_names_a_dataset_it_cannot_write():
    result = run_tool('time_iterations.py', 'configs/toy/source_only_two_moons.py',
                      '--device', 'cpu')
    assert result.returncode == 1
    assert "not 'TwoMoonsDataset'" in result.stderr
