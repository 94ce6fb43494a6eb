"""tools/convert_datasets/{gta5,cityscapes,synthia}.py run as subprocesses on tiny good and
broken folders.

The converters start in ~5 s each (torch, albumentations), so independent runs go in
parallel, then one re-run over existing outputs; ``check_outputs`` (what ``--overwrite``
switches) is tested in-process.
"""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from segda.datasets import CityscapesDataset, SynthiaDataset, read_label
from segda.datasets.pair_check import PairJob, check_outputs

from helpers.cli import REPO
from helpers.data_files import (
    corrupt,
    expected_train_ids,
    label_ids,
    make_cityscapes,
    make_gta5,
    make_synthia,
    synthia_ids,
    synthia_train_ids,
    write_grey,
    write_synthia_label,
)

SYNTHIA_LABELS = Path('GT') / 'LABELS'


def start(tool, *args):
    """Launch ``tools/convert_datasets/<tool>.py`` with ``args``."""
    env = dict(os.environ, NO_ALBUMENTATIONS_UPDATE='1')
    script = REPO / 'tools' / 'convert_datasets' / f'{tool}.py'
    return subprocess.Popen([sys.executable, str(script), *map(str, args)], cwd=REPO, env=env,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(processes):
    """Wait for every process: ``{name: (returncode, stdout, stderr)}``."""
    results = {}
    for name, process in processes.items():
        out, err = process.communicate(timeout=120)
        results[name] = (process.returncode, out, err)
    return results


def fingerprints(folder):
    """``{relative path: (sha1, mtime_ns)}`` of every file under ``folder``."""
    return {str(p.relative_to(folder)): (hashlib.sha1(p.read_bytes()).hexdigest(),
                                          p.stat().st_mtime_ns)
            for p in sorted(Path(folder).rglob('*')) if p.is_file()}


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp('converters')
    make_gta5(root / 'gta5', num=4, size=(12, 16), label_sizes={'00002': (10, 16)})
    make_gta5(root / 'gta5_broken', num=4)
    (root / 'gta5_broken' / 'labels' / '00001.png').unlink()
    corrupt(str(root / 'gta5_broken' / 'images' / '00003.png'))
    for split in ('train', 'val'):
        make_cityscapes(root / 'cityscapes', split=split, per_city=1 if split == 'val' else 2)
    make_synthia(root / 'synthia', num=4, size=(12, 16), label_sizes={'0000002': (10, 16)})
    unknown = synthia_ids(12, 16, shift=3)
    unknown[0, :4] = 300  # an id past SYNTHIA's table: reported, ignored
    write_synthia_label(str(root / 'synthia' / SYNTHIA_LABELS / '0000003.png'), unknown)
    make_synthia(root / 'synthia_broken', num=5)
    broken_labels = root / 'synthia_broken' / SYNTHIA_LABELS
    (broken_labels / '0000001.png').unlink()
    corrupt(str(root / 'synthia_broken' / 'RGB' / '0000003.png'))
    corrupt(str(broken_labels / '0000002.png'), keep_fraction=0.5)  # truncated 16-bit PNG
    write_grey(str(broken_labels / '0000004.png'), np.full((24, 16), 3, np.uint8))  # 8-bit grey
    names = ('gta5', 'gta5_broken', 'cityscapes', 'synthia', 'synthia_broken')
    sources = {name: fingerprints(root / name) for name in names}
    first = finish(dict(
        gta5=start('gta5', root / 'gta5', '--train-ids', '--nproc', 2),
        gta5_broken=start('gta5', root / 'gta5_broken', '--out-dir', root / 'gta5_out'),
        cityscapes=start('cityscapes', root / 'cityscapes', '--train-ids'),
        synthia=start('synthia', root / 'synthia', '--train-ids', '--nproc', 2),
        synthia_broken=start('synthia', root / 'synthia_broken', '--train-ids',
                             '--out-dir', root / 'synthia_out')))
    after_first = {name: fingerprints(root / name) for name in ('gta5', 'synthia')}
    again = finish(dict(gta5_again=start('gta5', root / 'gta5', '--train-ids'),
                        synthia_again=start('synthia', root / 'synthia', '--train-ids')))
    return dict(root=root, sources=sources, after_first=after_first, **first, **again)


@pytest.mark.slow
def test_gta5_good_split_list_train_ids_and_mismatch_report(runs):
    root = runs['root'] / 'gta5'
    code, out, err = runs['gta5']
    assert code == 0, err
    assert '4 pairs, 4 valid, 1 size mismatches, 0 broken' in out
    assert '00002: 12x16 vs 10x16' in out
    assert (root / 'train.txt').read_text().split() == ['00000', '00001', '00002', '00003']
    stats = json.loads((root / 'sample_class_stats.json').read_text())
    assert sorted(stats['samples']) == [f'images/{k:05d}.png' for k in range(4)]
    for k in range(4):
        written = read_label(str(root / 'labels_trainids' / f'{k:05d}.png'))
        size = (10, 16) if k == 2 else (12, 16)
        train_ids = expected_train_ids(label_ids(*size, shift=k))
        np.testing.assert_array_equal(written, train_ids)
        counts = np.bincount(train_ids.ravel(), minlength=256)[:19].tolist()
        assert stats['samples'][f'images/{k:05d}.png'] == counts


@pytest.mark.slow
@pytest.mark.parametrize('name', ['gta5', 'synthia'])
def test_existing_outputs_are_refused_and_left_alone(runs, name):
    code, out, err = runs[f'{name}_again']
    assert code != 0 and 'already exist' in err and '--overwrite' in err
    assert 'train.txt' in err
    after = fingerprints(runs['root'] / name)
    assert after == runs['after_first'][name]


@pytest.mark.slow
def test_sources_are_never_modified(runs):
    for name, before in runs['sources'].items():
        after = fingerprints(runs['root'] / name)
        assert {path: after[path] for path in before} == before


@pytest.mark.slow
def test_gta5_broken_pairs_are_listed_with_exit_1(runs):
    code, out, err = runs['gta5_broken']
    assert code == 1, err
    assert '4 pairs, 2 valid, 0 size mismatches, 2 broken' in out
    assert 'labels/00001.png' in out and 'images/00003.png' in out
    out_dir = runs['root'] / 'gta5_out'
    assert (out_dir / 'train.txt').read_text().split() == ['00000', '00002']
    stats = json.loads((out_dir / 'sample_class_stats.json').read_text())
    assert sorted(stats['samples']) == ['images/00000.png', 'images/00002.png']
    assert not (runs['root'] / 'gta5_broken' / 'train.txt').exists()


@pytest.mark.slow
def test_synthia_split_list_train_ids_and_reports(runs):
    root = runs['root'] / 'synthia'
    code, out, err = runs['synthia']
    assert code == 0, err
    assert '4 pairs, 4 valid, 1 size mismatches, 0 broken' in out
    assert '0000002: 12x16 vs 10x16' in out
    assert '0000003: 4 pixels with ids outside the SYNTHIA table (0..22): [300]' in out
    assert (root / 'train.txt').read_text().split() == [f'{k:07d}' for k in range(4)]
    for k in range(4):
        written = read_label(str(root / SYNTHIA_LABELS / f'{k:07d}_labelTrainIds.png'))
        ids = synthia_ids(10 if k == 2 else 12, 16, shift=k)
        if k == 3:
            ids[0, :4] = 300
        np.testing.assert_array_equal(written, synthia_train_ids(ids))
    pipeline = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='PackSegInputs')]
    from_ids = SynthiaDataset(str(root), pipeline=pipeline)
    from_train_ids = SynthiaDataset(str(root), pipeline=pipeline, label_format='trainIds')
    for k in range(4):
        np.testing.assert_array_equal(from_ids[k]['data_samples']['gt_seg'].numpy(),
                                      from_train_ids[k]['data_samples']['gt_seg'].numpy())


@pytest.mark.slow
def test_synthia_broken_pairs_are_listed_and_left_out(runs):
    code, out, err = runs['synthia_broken']
    assert code == 1, err
    assert '5 pairs, 1 valid, 0 size mismatches, 4 broken' in out
    assert 'LABELS/0000001.png' in out and 'RGB/0000003.png' in out
    assert '0000002: cannot decode' in out
    assert "0000004.png' is uint8 with shape (24, 16)" in out
    out_dir = runs['root'] / 'synthia_out'
    assert (out_dir / 'train.txt').read_text().split() == ['0000000']
    written = {p.name for p in (out_dir / SYNTHIA_LABELS).iterdir()}
    assert '0000000_labelTrainIds.png' in written  # no trainIds from unreadable labels:
    assert not written & {f'000000{k}_labelTrainIds.png' for k in (1, 2, 4)}
    assert not (runs['root'] / 'synthia_broken' / 'train.txt').exists()


@pytest.mark.slow
def test_cityscapes_splits_and_train_ids_load_back(runs):
    root = runs['root'] / 'cityscapes'
    code, out, err = runs['cityscapes']
    assert code == 0, err
    assert (root / 'train.txt').read_text().split() == [
        'aachen/aachen_000000_000019', 'aachen/aachen_000001_000019',
        'bonn/bonn_000000_000019', 'bonn/bonn_000001_000019']
    assert (root / 'val.txt').read_text().split() == ['aachen/aachen_000000_000019',
                                                      'bonn/bonn_000000_000019']
    pipeline = [dict(type='LoadImage'), dict(type='LoadLabel'), dict(type='PackSegInputs')]
    from_ids = CityscapesDataset(str(root), split='val', pipeline=pipeline)
    from_train_ids = CityscapesDataset(str(root), split='val', pipeline=pipeline,
                                       label_format='trainIds', split_file='val.txt')
    assert from_train_ids.get_data_info(1)['seg_path'].endswith(
        'bonn/bonn_000000_000019_gtFine_labelTrainIds.png')
    for k in range(2):
        np.testing.assert_array_equal(from_ids[k]['data_samples']['gt_seg'].numpy(),
                                      from_train_ids[k]['data_samples']['gt_seg'].numpy())


def test_check_outputs_refuses_existing_unless_overwrite_and_sources_always(tmp_path):
    for name in ('image.png', 'label.png', 'old_output.png'):
        (tmp_path / name).write_bytes(b'x')
    job = PairJob('s', str(tmp_path / 'image.png'), str(tmp_path / 'label.png'),
                  str(tmp_path / 'old_output.png'))
    with pytest.raises(FileExistsError, match='old_output.png.*--overwrite'):
        check_outputs([job], [str(tmp_path / 'new.txt')], overwrite=False)
    check_outputs([job], [str(tmp_path / 'new.txt')], overwrite=True)
    with pytest.raises(ValueError, match='label.png.*never written'):
        check_outputs([job._replace(train_id_path=str(tmp_path / 'label.png'))], [], overwrite=True)
