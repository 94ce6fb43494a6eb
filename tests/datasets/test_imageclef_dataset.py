"""ImageCLEF-DA's layout (``<root>/{c,i,p}/<images>`` and ``<root>/list/{c,i,p}List.txt``) on
tiny files: both list variants (paths with and without the domain folder), labels from the
lists, the 12 classes, and errors naming the missing list, folder or images."""
import cv2
import numpy as np
import pytest

from segda.datasets import DomainPairDataset, seg_collate
from segda.datasets.classification import IMAGECLEF_CLASSES
from segda.registry import DATASETS

PIPELINE = [dict(type='Resize', scale=(8, 8)), dict(type='PackClsInputs')]


def make_domain(root, domain, names_and_labels, prefix=True):
    """Write one image per name under ``<root>/<domain>/`` and the domain's list, its paths
    ``<domain>/<name>`` (``prefix``) or ``<name>``."""
    (root / domain).mkdir(parents=True, exist_ok=True)
    (root / 'list').mkdir(exist_ok=True)
    lines = []
    for index, (name, label) in enumerate(names_and_labels):
        cv2.imwrite(str(root / domain / name), np.full((10, 14, 3), index * 40, np.uint8))
        lines.append(f'{domain}/{name} {label}' if prefix else f'{name} {label}')
    (root / 'list' / f'{domain}List.txt').write_text('\n'.join(lines) + '\n')


@pytest.mark.parametrize('prefix', [True, False])
def test_a_domain_reads_its_list_with_or_without_the_domain_folder(tmp_path, prefix):
    make_domain(tmp_path, 'c', [('113_0010.jpg', 0), ('224_0002.jpg', 11), ('056_0001.jpg', 5)],
                prefix=prefix)
    data = DATASETS.build(dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='c',
                               pipeline=PIPELINE))
    assert len(data) == 3
    assert [data[i]['data_samples']['gt_label'] for i in range(3)] == [0, 11, 5]
    assert data[1]['data_samples']['img_path'] == str(tmp_path / 'c' / '224_0002.jpg')
    assert data[0]['inputs'].shape == (3, 8, 8)
    assert data[0]['data_samples']['ori_shape'] == (10, 14)
    assert data.metainfo['classes'] == IMAGECLEF_CLASSES and len(IMAGECLEF_CLASSES) == 12


def test_i_to_p_pairs_a_labelled_source_with_an_unlabelled_target(tmp_path):
    make_domain(tmp_path, 'i', [('n02691156_1.JPEG', 0), ('n02834778_2.JPEG', 1)])
    make_domain(tmp_path, 'p', [('2008_000001.jpg', 3), ('2008_000002.jpg', 4)])
    pair = DomainPairDataset(
        source=dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='i',
                    pipeline=PIPELINE),
        target=dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='p',
                    with_labels=False, pipeline=PIPELINE))
    batch = seg_collate([pair[(0, 1)], pair[(1, 0)]])
    assert batch['source']['inputs'].shape == batch['target']['inputs'].shape == (2, 3, 8, 8)
    assert [s['gt_label'] for s in batch['source']['data_samples']] == [0, 1]
    assert all('gt_label' not in s for s in batch['target']['data_samples'])


def test_missing_files_are_named_with_the_layout(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"list/pList\.txt.*data/imageclef/\{c,i,p\}"):
        DATASETS.build(dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='p'))
    (tmp_path / 'list').mkdir()
    (tmp_path / 'list' / 'pList.txt').write_text('p/2008_000001.jpg 0\n')
    with pytest.raises(FileNotFoundError, match=r"folder not found: '.*/p'"):
        DATASETS.build(dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='p'))
    make_domain(tmp_path, 'p', [('2008_000002.jpg', 1)])
    with open(tmp_path / 'list' / 'pList.txt', 'a') as file:
        file.write('p/2008_000009.jpg 2\n')
    with pytest.raises(FileNotFoundError, match=r"pList\.txt' names 1 images.*2008_000009\.jpg"):
        DATASETS.build(dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='p'))


def test_bad_labels_and_domains_are_named(tmp_path):
    make_domain(tmp_path, 'i', [('a.jpg', 12)])
    with pytest.raises(ValueError, match=r"iList\.txt' line 1: label 12 is outside \[0, 12\)"):
        DATASETS.build(dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='i'))
    with pytest.raises(ValueError, match=r"domain must be one of \['c', 'i', 'p'\], got 'b'"):
        DATASETS.build(dict(type='ImageCLEFDataset', data_root=str(tmp_path), domain='b'))
