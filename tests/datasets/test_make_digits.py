"""tools/make_digits.py and generate_digits_demo: the real MNIST / MNIST-M layouts, read back by
the real loaders; seeded; refuses to overwrite; --overwrite replaces only its own files."""
import os.path as osp

import numpy as np
import pytest

from segda.datasets.classification.digits_demo import TARGET_TRAIN_END, generate_digits_demo
from segda.registry import DATASETS

from helpers.cli import load_tool

SMALL = dict(num_source_train=60, num_source_test=20)
RAW = ('source', 'MNIST', 'raw')


@pytest.fixture(scope='module')
def digits(tmp_path_factory):
    root = tmp_path_factory.mktemp('digits')
    counts = generate_digits_demo(str(root), seed=0, **SMALL)
    return root, counts


def read_bytes(root, *parts):
    with open(osp.join(root, *parts), 'rb') as file:
        return file.read()


def test_the_pair_lies_in_the_real_layouts_and_the_loaders_read_it(digits):
    root, counts = digits
    assert counts == dict(source_train=60, source_t10k=20, target_train=TARGET_TRAIN_END,
                          target_test=1797 - TARGET_TRAIN_END)
    header = np.frombuffer(read_bytes(root, *RAW, 'train-images-idx3-ubyte')[:16], '>i4')
    assert header.tolist() == [0x803, 60, 28, 28]
    assert np.frombuffer(read_bytes(root, *RAW, 't10k-labels-idx1-ubyte')[:8], '>i4').tolist() \
        == [0x801, 20]
    source = DATASETS.build(dict(type='MNISTDataset', data_root=str(root / 'source')))
    source_test = DATASETS.build(dict(type='MNISTDataset', data_root=str(root / 'source'),
                                      split='test'))
    target = DATASETS.build(dict(type='MNISTMDataset', data_root=str(root / 'target')))
    target_test = DATASETS.build(dict(type='MNISTMDataset', data_root=str(root / 'target'),
                                      split='test'))
    assert (len(source), len(source_test), len(target), len(target_test)) == (60, 20, 1300, 497)
    labels = [source[i]['data_samples']['gt_label'] for i in range(60)]
    assert len(set(labels)) == 10  # every digit drawn
    # load_digits' first images are 0, 1, 2, ... (its stored order), the test split starts
    # at index 1300, whose label is load_digits' 1300th target.
    from sklearn.datasets import load_digits
    expected = load_digits().target
    assert [target[i]['data_samples']['gt_label'] for i in range(5)] == expected[:5].tolist()
    assert target_test[0]['data_samples']['gt_label'] == expected[TARGET_TRAIN_END]


def test_the_domains_differ_printed_grey_on_black_vs_colour_photos(digits):
    root, _ = digits
    source = DATASETS.build(dict(type='MNISTDataset', data_root=str(root / 'source')))
    target = DATASETS.build(dict(type='MNISTMDataset', data_root=str(root / 'target')))
    src = np.stack([source[i]['inputs'].numpy() for i in range(60)]).astype(float)
    tgt = np.stack([target[i]['inputs'].numpy() for i in range(60)]).astype(float)
    assert src.shape[1] == 1 and tgt.shape[1] == 3
    assert np.median(src) == 0 and np.median(tgt) > 40  # black background vs photo patches
    assert tgt.std(axis=1).mean() > 5  # the channels differ: colour, not grey
    assert src.max() == 255


def test_seeded_same_seed_same_bytes_other_seed_other_digits(digits, tmp_path):
    root, _ = digits
    generate_digits_demo(str(tmp_path / 'same'), seed=0, **SMALL)
    generate_digits_demo(str(tmp_path / 'other'), seed=1, **SMALL)
    name = (*RAW, 'train-images-idx3-ubyte')
    png = ('target', 'mnist_m_train', '00000007.png')
    assert read_bytes(tmp_path / 'same', *name) == read_bytes(root, *name)
    assert read_bytes(tmp_path / 'same', *png) == read_bytes(root, *png)
    assert read_bytes(tmp_path / 'other', *name) != read_bytes(root, *name)
    assert read_bytes(tmp_path / 'other', *png) != read_bytes(root, *png)


def test_cli_refuses_existing_output_and_overwrite_replaces_only_its_files(tmp_path, capsys):
    tool = load_tool('make_digits.py')
    out = str(tmp_path / 'pair')
    assert tool.main(['--out', out, '--num-train', '30', '--num-test', '10']) == 0
    own = tmp_path / 'pair' / 'target' / 'mnist_m_train' / 'notes.txt'
    own.write_text('mine')
    assert tool.main(['--out', out, '--num-train', '30', '--num-test', '10']) == 2
    assert '--overwrite' in capsys.readouterr().err
    assert tool.main(['--out', out, '--num-train', '40', '--num-test', '10', '--overwrite']) == 0
    assert own.read_text() == 'mine'
    assert len(DATASETS.build(dict(type='MNISTDataset', data_root=out + '/source'))) == 40
    with pytest.raises(SystemExit):
        tool.parse_args(['--out', out, '--num-train', '0'])


@pytest.mark.parametrize('option,value', [('--seed', '-1'), ('--out', 'a_file'),
                                          ('--out', 'a_file/pair')])
def test_cli_bad_out_or_seed_is_a_usage_error_naming_the_option(tmp_path, capsys, option, value):
    (tmp_path / 'a_file').write_text('not a folder')
    if option == '--out':
        value = str(tmp_path / value)
    with pytest.raises(SystemExit) as exit_info:
        load_tool('make_digits.py').main([option, value, '--num-train', '30', '--num-test', '10'])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert f'error: argument {option}: ' in error
    assert value in error


def test_mnistm_target_is_the_source_digits_blended_as_mnistm(tmp_path, monkeypatch):
    """--target mnistm: target train/test are the source's train/test digits, same labels,
    each |P - d| per channel; with a flat grey photo (P = 100) that is |100 - d| exactly."""
    import segda.datasets.classification.digits_demo as digits_demo
    monkeypatch.setattr(digits_demo, 'load_photos',
                        lambda: [np.full((40, 50, 3), 100, np.uint8)])
    counts = generate_digits_demo(str(tmp_path), seed=0, target='mnistm', **SMALL)
    assert counts == dict(source_train=60, source_t10k=20, target_train=60, target_test=20)
    for split, source_split in (('train', 'train'), ('test', 'test')):
        source = DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path / 'source'),
                                     split=source_split))
        target = DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path / 'target'),
                                     split=split))
        for i in range(len(source)):
            digit = source[i]['inputs'].numpy().astype(np.int16)       # 1 x 28 x 28
            blended = target[i]['inputs'].numpy().astype(np.int16)    # 3 x 28 x 28
            assert target[i]['data_samples']['gt_label'] == source[i]['data_samples']['gt_label']
            assert (blended == np.abs(100 - digit)).all()


def test_cli_target_chooses_the_pair_and_its_default_folder(tmp_path, monkeypatch):
    tool = load_tool('make_digits.py')
    assert tool.parse_args(['--target', 'mnistm']).out == 'data/digits_mnistm_demo'
    assert tool.parse_args([]).out == 'data/digits_demo'
    out = tmp_path / 'pair'
    assert tool.main(['--target', 'mnistm', '--out', str(out), '--num-train', '30',
                      '--num-test', '10']) == 0
    assert len(list((out / 'target' / 'mnist_m_train').glob('*.png'))) == 30
