"""Classification datasets on tiny files written here in the real formats: MNIST idx (numpy
bytes after the idx header), USPS bz2 LIBSVM lines, SVHN / Syn Numbers .mat (scipy), MNIST-M
PNGs with a labels file, class folders (Office-31, Office-Home, VisDA-2017) and image lists;
then each bad-data error; the pseudo-labelled wrapper of reverse validation."""
import bz2
import gzip
import os
import os.path as osp

import cv2
import numpy as np
import pytest
import scipy.io
import torch
from mmengine.dataset import ConcatDataset

from segda.datasets import (
    DomainPairDataset,
    PseudoLabelledDataset,
    seg_collate,
    write_pseudo_labels,
)
from segda.datasets.classification import OFFICE31_CLASSES, OFFICE_HOME_CLASSES, VISDA2017_CLASSES
from segda.registry import DATASETS
from segda.structures import SOURCE_DOMAIN, domain_labels

DIGITS = tuple(str(k) for k in range(10))
RESIZE_RGB = [dict(type='Resize', scale=(32, 32)), dict(type='GreyToRGB'),
              dict(type='PackClsInputs')]


def digit_images(labels, size, channels=None):
    """uint8 images whose every pixel equals 20 * label + sample index (traceable)."""
    shape = (size, size) if channels is None else (size, size, channels)
    return np.stack([np.full(shape, 20 * y + i, np.uint8) for i, y in enumerate(labels)])


def write_idx(path, array, magic):
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'wb') as file:
        file.write(bytes([0, 0, 8, magic]) + np.array(array.shape, '>i4').tobytes()
                   + array.astype(np.uint8).tobytes())


def make_mnist(root, prefix, labels):
    raw = osp.join(root, 'MNIST', 'raw')
    write_idx(osp.join(raw, f'{prefix}-images-idx3-ubyte'), digit_images(labels, 28), 3)
    write_idx(osp.join(raw, f'{prefix}-labels-idx1-ubyte'), np.array(labels), 1)


def make_usps(path, labels_1_to_10, values):
    """LIBSVM lines 'label 1:v1 ... 256:v256' with values in [-1, 1], bzip2-compressed."""
    lines = [f'{label} ' + ' '.join(f'{j + 1}:{v:.6f}' for j, v in enumerate(vals)) + '\n'
             for label, vals in zip(labels_1_to_10, values)]
    with bz2.open(path, 'wt') as file:
        file.writelines(lines)


def make_mat(path, labels):
    images = digit_images(range(len(labels)), 32, 3).transpose(1, 2, 3, 0)  # 32 x 32 x 3 x N
    scipy.io.savemat(path, dict(X=images, y=np.array(labels, np.uint8).reshape(-1, 1)))


def write_png(path, value, size=(28, 28)):
    os.makedirs(osp.dirname(path), exist_ok=True)
    image = np.zeros(size + (3,), np.uint8)
    image[..., 0] = value  # red channel = value (RGB order in the dataset)
    assert cv2.imwrite(path, image[..., ::-1])


def make_mnist_m(root, split, labels):
    for i, label in enumerate(labels):
        write_png(osp.join(root, f'mnist_m_{split}', f'{i:08d}.png'), 10 * label + i)
    with open(osp.join(root, f'mnist_m_{split}_labels.txt'), 'w') as file:
        file.writelines(f'{i:08d}.png {label}\n' for i, label in enumerate(labels))


def make_folders(folder, classes, images_per_class):
    """``folder/<class>/<i>.jpg`` for the first classes of ``images_per_class`` (a dict), empty
    class folders for the rest."""
    for name in classes:
        os.makedirs(osp.join(folder, name), exist_ok=True)
    for name, count in images_per_class.items():
        for i in range(count):
            write_png(osp.join(folder, name, f'{i}.png'), 50 + i, size=(12, 16))


def logged(monkeypatch, module):
    """The messages ``module`` logs with ``print_log`` from now on (a list that fills; it
    stays empty for a module that logs nothing)."""
    messages = []
    monkeypatch.setattr(module, 'print_log', lambda message, **kwargs: messages.append(message),
                        raising=False)
    return messages


# --------------------------------------------------------------------------- digits

def test_mnist_reads_idx_files_through_torchvision(tmp_path):
    make_mnist(tmp_path, 'train', [3, 1, 4])
    make_mnist(tmp_path, 't10k', [9, 0])
    train = DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path)))
    test = DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path), split='test'))
    assert (len(train), len(test)) == (3, 2)
    assert train.metainfo['classes'] == DIGITS
    item = train[2]
    assert item['inputs'].dtype == torch.uint8 and item['inputs'].shape == (1, 28, 28)
    assert int(item['inputs'].unique()) == 20 * 4 + 2
    assert item['data_samples'] == dict(gt_label=4, index=2, ori_shape=(28, 28),
                                        img_shape=(28, 28))
    assert test[0]['data_samples']['gt_label'] == 9


def test_per_class_keeps_that_many_of_each_class_seeded_and_in_order(tmp_path):
    """The few labelled target images of DANN's semi-supervised run (Sec. 5.2.4)."""
    labels = [k for k in range(10) for _ in range(4)]  # 4 images of each digit
    make_mnist(tmp_path, 'train', labels)

    def subset(**kwargs):
        dataset = DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path), **kwargs))
        return [dataset.get_data_info(i)['index'] for i in range(len(dataset))], dataset

    kept, dataset = subset(per_class=2, per_class_seed=0)
    assert len(kept) == 20 and kept == sorted(kept)
    assert sorted(labels[i] for i in kept) == sorted(list(range(10)) * 2)
    assert int(dataset[0]['inputs'].unique()) == 20 * labels[kept[0]] + kept[0]  # its image
    assert subset(per_class=2, per_class_seed=0)[0] == kept
    assert subset(per_class=2, per_class_seed=1)[0] != kept
    unlabelled, dataset = subset(per_class=2, per_class_seed=0, with_labels=False)
    assert unlabelled == kept and 'gt_label' not in dataset.get_data_info(0)
    with pytest.raises(ValueError, match='MNISTDataset: labelled subset: class 0 has 4 samples'):
        subset(per_class=5)


def test_domain_label_marks_each_sample_and_reaches_the_batch_of_a_concat(tmp_path):
    """The labelled target images of a semi-supervised run marked target (domain_label=1)
    in the source stream, beside unmarked source images: d_i = 1 for them, 0 for the rest."""
    labels = [k for k in range(10) for _ in range(2)]
    make_mnist(tmp_path, 'train', labels)
    mnist = dict(type='MNISTDataset', data_root=str(tmp_path))
    concat = ConcatDataset([DATASETS.build(mnist),
                            DATASETS.build(dict(mnist, per_class=1, domain_label=1))])
    assert len(concat) == 30
    batch = seg_collate([concat[0], concat[25], concat[1], concat[20]])
    assert [sample.get('domain_label') for sample in batch['data_samples']] == [None, 1, None, 1]
    assert domain_labels(batch['data_samples'], SOURCE_DOMAIN).tolist() == [0, 1, 0, 1]
    with pytest.raises(ValueError, match=r"MNISTDataset: domain_label must be one of \[0, 1\], "
                                         "got 'target'"):
        DATASETS.build(dict(mnist, domain_label='target'))


def test_digit_pipeline_resizes_and_expands_grey_to_rgb(tmp_path):
    make_mnist(tmp_path, 'train', [7])
    item = DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path),
                               pipeline=RESIZE_RGB))[0]
    assert item['inputs'].shape == (3, 32, 32)
    assert int(item['inputs'].unique()) == 140  # a constant image stays constant
    assert item['data_samples']['ori_shape'] == (28, 28)
    assert item['data_samples']['img_shape'] == (32, 32)


def test_rgb_to_grey_averages_the_channels(tmp_path):
    make_mnist_m(tmp_path, 'train', [2])  # R = 20, G = B = 0
    item = DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path),
                               pipeline=[dict(type='RGBToGrey'), dict(type='PackClsInputs')]))[0]
    assert item['inputs'].shape == (1, 28, 28) and int(item['inputs'].unique()) == 7  # 20/3


def test_usps_reads_bz2_lines_labels_1_to_10_become_0_to_9(tmp_path):
    values = np.stack([np.full(256, -1.0), np.full(256, 1.0), np.linspace(-1, 1, 256)])
    make_usps(tmp_path / 'usps.bz2', [1, 10, 5], values)
    make_usps(tmp_path / 'usps.t.bz2', [3], values[:1])
    train = DATASETS.build(dict(type='USPSDataset', data_root=str(tmp_path)))
    assert [train[i]['data_samples']['gt_label'] for i in range(3)] == [0, 9, 4]
    assert train[0]['inputs'].shape == (1, 16, 16)
    assert int(train[0]['inputs'].max()) == 0 and int(train[1]['inputs'].min()) == 255
    assert len(DATASETS.build(dict(type='USPSDataset', data_root=str(tmp_path),
                                   split='test'))) == 1


@pytest.mark.parametrize('dataset,file_name', [('SVHNDataset', 'test_32x32.mat'),
                                               ('SynDigitsDataset', 'synth_test_32x32.mat')])
def test_mat_digits_label_10_is_zero(tmp_path, dataset, file_name):
    make_mat(tmp_path / file_name, [10, 1, 9])
    data = DATASETS.build(dict(type=dataset, data_root=str(tmp_path), split='test'))
    assert [data[i]['data_samples']['gt_label'] for i in range(3)] == [0, 1, 9]
    item = data[1]
    assert item['inputs'].shape == (3, 32, 32) and int(item['inputs'].unique()) == 21  # 20 * 1 + 1
    assert data.metainfo['classes'] == DIGITS


def test_mnist_m_reads_pngs_named_by_the_labels_file(tmp_path):
    make_mnist_m(tmp_path, 'test', [5, 0, 8])
    data = DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path), split='test'))
    item = data[2]
    assert item['data_samples']['gt_label'] == 8
    assert item['data_samples']['img_path'] == osp.join(str(tmp_path), 'mnist_m_test',
                                                        '00000002.png')
    assert item['inputs'].shape == (3, 28, 28)
    assert int(item['inputs'][0].unique()) == 82 and int(item['inputs'][1:].max()) == 0


def test_unlabelled_target_pairs_with_a_labelled_source_and_collates(tmp_path):
    make_mnist(tmp_path / 'mnist', 'train', [1, 2, 3])
    make_mnist_m(tmp_path / 'mnistm', 'train', [4, 5])
    unlabelled = DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path / 'mnistm'),
                                     with_labels=False))
    assert 'gt_label' not in unlabelled[0]['data_samples']
    pair = DomainPairDataset(
        source=dict(type='MNISTDataset', data_root=str(tmp_path / 'mnist'),
                    pipeline=[dict(type='GreyToRGB'), dict(type='PackClsInputs')]),
        target=dict(type='MNISTMDataset', data_root=str(tmp_path / 'mnistm')))
    batch = seg_collate([pair[(0, 1)], pair[(2, 0)]])
    assert batch['source']['inputs'].shape == batch['target']['inputs'].shape == (2, 3, 28, 28)
    assert [s['gt_label'] for s in batch['source']['data_samples']] == [1, 3]
    assert all('gt_label' not in s for s in batch['target']['data_samples'])


# ---------------------------------------------------------------------- image folders

def test_office31_class_index_is_the_sorted_folder_position(tmp_path):
    make_folders(tmp_path / 'webcam' / 'images', OFFICE31_CLASSES,
                 {'trash_can': 2, 'back_pack': 1, 'mug': 1})
    data = DATASETS.build(dict(type='Office31Dataset', data_root=str(tmp_path), domain='webcam',
                               pipeline=[dict(type='Resize', scale=(8, 8)),
                                         dict(type='PackClsInputs')]))
    assert len(OFFICE31_CLASSES) == 31 and list(OFFICE31_CLASSES) == sorted(OFFICE31_CLASSES)
    labels = [data[i]['data_samples']['gt_label'] for i in range(len(data))]
    assert labels == [0, 17, 30, 30]  # back_pack, mug, trash_can x2
    assert data[0]['inputs'].shape == (3, 8, 8)
    assert data[0]['data_samples']['ori_shape'] == (12, 16)


def test_office_home_and_visda_declare_their_classes(tmp_path):
    assert len(OFFICE_HOME_CLASSES) == 65 and list(OFFICE_HOME_CLASSES) == sorted(
        OFFICE_HOME_CLASSES)
    assert len(VISDA2017_CLASSES) == 12 and list(VISDA2017_CLASSES) == sorted(VISDA2017_CLASSES)
    make_folders(tmp_path / 'home' / 'Clipart', OFFICE_HOME_CLASSES, {'TV': 1, 'Table': 1})
    home = DATASETS.build(dict(type='OfficeHomeDataset', data_root=str(tmp_path / 'home'),
                               domain='Clipart'))
    assert [home[i]['data_samples']['gt_label'] for i in range(2)] == [58, 59]  # 'TV' < 'Table'
    split = tmp_path / 'visda' / 'validation'
    make_folders(split, VISDA2017_CLASSES, {'bus': 1, 'truck': 2})
    (split / 'image_list.txt').write_text('truck/1.png 11\nbus/0.png 2\n')
    visda = DATASETS.build(dict(type='VisDA2017Dataset', data_root=str(tmp_path / 'visda'),
                                split='validation'))
    assert len(visda) == 2  # the list, not the 3 scanned images
    assert visda[0]['data_samples']['img_path'] == str(split / 'truck' / '1.png')
    assert [visda[i]['data_samples']['gt_label'] for i in range(2)] == [11, 2]
    assert visda.metainfo['classes'] == VISDA2017_CLASSES


def test_image_folder_takes_classes_from_folders_or_from_metainfo_with_a_list(tmp_path):
    make_folders(tmp_path / 'own', ('cat', 'ant', 'bee'), {'bee': 1, 'ant': 2})
    scanned = DATASETS.build(dict(type='ImageFolderDataset', data_root=str(tmp_path / 'own')))
    assert scanned.metainfo['classes'] == ('ant', 'bee', 'cat')
    assert [scanned[i]['data_samples']['gt_label'] for i in range(3)] == [0, 0, 1]
    write_png(str(tmp_path / 'flat' / 'images' / 'a b.png'), 1)  # a space in the name
    write_png(str(tmp_path / 'flat' / 'images' / 'c.png'), 2)
    (tmp_path / 'flat' / 'list.txt').write_text('images/c.png 1\n\nimages/a b.png 0\n')
    listed = DATASETS.build(dict(type='ImageFolderDataset', data_root=str(tmp_path / 'flat'),
                                 ann_file='list.txt', metainfo=dict(classes=('no', 'yes'))))
    assert listed.metainfo['classes'] == ('no', 'yes')
    assert [listed[i]['data_samples']['gt_label'] for i in range(2)] == [1, 0]
    assert listed[1]['data_samples']['img_path'].endswith('a b.png')


# --------------------------------------------------------------------------- bad data

@pytest.mark.parametrize('cfg,layout', [
    (dict(type='MNISTDataset'), 'MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte'),
    (dict(type='USPSDataset'), 'usps.bz2'),
    (dict(type='SVHNDataset'), '{train,test,extra}_32x32.mat'),
    (dict(type='SynDigitsDataset'), 'synth_{train,test}_32x32.mat'),
    (dict(type='MNISTMDataset'), 'mnist_m_{train,test}_labels.txt'),
    (dict(type='Office31Dataset', domain='amazon'), 'office31/{amazon,dslr,webcam}/images'),
    (dict(type='ImageFolderDataset'), '<class>/<image>'),
])
def test_a_missing_root_names_the_path_and_the_expected_layout(tmp_path, cfg, layout):
    root = str(tmp_path / 'absent')
    with pytest.raises(FileNotFoundError) as error:
        DATASETS.build(dict(cfg, data_root=root))
    assert root in str(error.value) and layout in str(error.value)


def test_labels_outside_the_class_range_name_the_file(tmp_path):
    make_mnist(tmp_path / 'mnist', 'train', [3, 12])
    with pytest.raises(ValueError, match=r'train-labels-idx1-ubyte.*outside \[0, 10\)'):
        DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path / 'mnist')))
    make_mat(tmp_path / 'train_32x32.mat', [1, 11])
    with pytest.raises(ValueError, match=r'train_32x32\.mat.*outside \[0, 11\)'):
        DATASETS.build(dict(type='SVHNDataset', data_root=str(tmp_path)))
    make_usps(tmp_path / 'usps.bz2', [0], np.zeros((1, 256)))  # label 0 -> -1
    with pytest.raises(ValueError, match=r'usps\.bz2.*outside'):
        DATASETS.build(dict(type='USPSDataset', data_root=str(tmp_path)))
    make_mnist_m(tmp_path / 'mnistm', 'train', [1, 10])
    with pytest.raises(ValueError, match=r'mnist_m_train_labels\.txt.*line 2: label 10'):
        DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path / 'mnistm')))


def mat_digits(path, images, labels):
    """A .mat file with ``X`` (32 x 32 x 3 x N, its dtype kept) and ``y`` (N x 1, as given)."""
    scipy.io.savemat(path, dict(X=images.transpose(1, 2, 3, 0), y=np.reshape(labels, (-1, 1))))


def test_float_mat_pixels_in_0_1_are_scaled_with_a_warning(tmp_path, monkeypatch):
    from segda.datasets.classification import svhn
    warnings = logged(monkeypatch, svhn)
    images = np.full((2, 32, 32, 3), 0.5, np.float32)
    images[1] = 1.0
    mat_digits(tmp_path / 'test_32x32.mat', images, [1, 2])
    data = DATASETS.build(dict(type='SVHNDataset', data_root=str(tmp_path), split='test'))
    assert int(data[0]['inputs'].unique()) == 128 and int(data[1]['inputs'].unique()) == 255
    assert len(warnings) == 1 and 'test_32x32.mat' in warnings[0] and 'X' in warnings[0]


@pytest.mark.parametrize('images,match', [
    (np.full((2, 32, 32, 3), 300, np.int16), r"test_32x32\.mat.*X is int16 with values 300\.\.300"),
    (np.full((2, 32, 32, 3), 2.5, np.float64), r"test_32x32\.mat.*X is float64 with values"),
], ids=['int16', 'float-above-1'])
def test_mat_pixels_neither_uint8_nor_float_in_0_1_are_refused(tmp_path, images, match):
    mat_digits(tmp_path / 'test_32x32.mat', images, [1, 2])
    with pytest.raises(ValueError, match=match):
        DATASETS.build(dict(type='SVHNDataset', data_root=str(tmp_path), split='test'))


def test_non_integer_mat_labels_are_refused(tmp_path):
    images = digit_images(range(2), 32, 3)
    mat_digits(tmp_path / 'synth_train_32x32.mat', images, np.array([3.0, 1.5]))
    with pytest.raises(ValueError, match=r"synth_train_32x32\.mat.*y holds non-integer labels "
                                         r"\(the first is 1\.5 at sample 1\)"):
        DATASETS.build(dict(type='SynDigitsDataset', data_root=str(tmp_path)))
    mat_digits(tmp_path / 'synth_train_32x32.mat', images, np.array([3.0, 10.0]))  # doubles
    data = DATASETS.build(dict(type='SynDigitsDataset', data_root=str(tmp_path)))
    assert [data[i]['data_samples']['gt_label'] for i in range(2)] == [3, 0]


def test_a_mat_file_without_x_and_y_lists_its_variables(tmp_path):
    scipy.io.savemat(tmp_path / 'train_32x32.mat', dict(images=np.zeros((32, 32, 3, 2), np.uint8),
                                                        labels=np.ones((2, 1))))
    with pytest.raises(ValueError, match=r"lacks the variables X and y \(it has images "
                                         r"\(32 x 32 x 3 x 2, uint8\), labels \(2 x 1, double\)\)"):
        DATASETS.build(dict(type='SVHNDataset', data_root=str(tmp_path)))


def test_a_truncated_jpeg_is_skipped_in_training_and_stops_evaluation(tmp_path, monkeypatch):
    from segda.datasets import base
    warnings = logged(monkeypatch, base)
    noise = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    for name in ('cat', 'dog'):
        os.makedirs(tmp_path / name)
        assert cv2.imwrite(str(tmp_path / name / '0.jpg'), noise)
    jpeg = (tmp_path / 'dog' / '0.jpg').read_bytes()
    (tmp_path / 'dog' / '0.jpg').write_bytes(jpeg[:len(jpeg) // 2])  # OpenCV: grey rows, no error
    cfg = dict(type='ImageFolderDataset', data_root=str(tmp_path))
    evaluation = DATASETS.build(dict(cfg, test_mode=True))
    with pytest.raises(ValueError, match=r"dog/0\.jpg' is incomplete.*truncated"):
        evaluation[1]
    training = DATASETS.build(dict(cfg, max_broken=50))  # a redraw may meet the dog again
    assert training[1]['data_samples']['img_path'].endswith('cat/0.jpg')  # drawn instead
    assert warnings and all("dog/0.jpg' is incomplete" in warning for warning in warnings)


def test_an_image_of_another_size_is_named_when_loaded(tmp_path):
    make_mnist_m(tmp_path, 'train', [1, 2, 3])
    write_png(str(tmp_path / 'mnist_m_train' / '00000002.png'), 7, size=(32, 32))
    data = DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path)))
    assert data[0]['inputs'].shape == data[1]['inputs'].shape == (3, 28, 28)
    with pytest.raises(ValueError, match=r"00000002\.png' \(32 x 32 as read\) gives a 3 x 32 x 32 "
                                         r"input, but '.*00000000\.png' \(28 x 28 as read\) gave "
                                         r"3 x 28 x 28.*add dict\(type='Resize'"):
        data[2]
    resized = DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path),
                                  pipeline=[dict(type='Resize', scale=(28, 28)),
                                            dict(type='PackClsInputs')]))
    assert resized[2]['inputs'].shape == (3, 28, 28)


def test_mnist_present_only_as_gz_archives_says_to_unpack_them(tmp_path):
    make_mnist(tmp_path, 'train', [3, 1])
    raw = tmp_path / 'MNIST' / 'raw'
    for name in ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'):
        with gzip.open(raw / f'{name}.gz', 'wb') as archive:
            archive.write((raw / name).read_bytes())
        (raw / name).unlink()
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte\.gz' is there; "
                                                r"unpack it: gunzip -k '.*raw/train-images"):
        DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path)))


def test_an_image_list_with_a_utf8_byte_order_mark_is_read(tmp_path):
    split = tmp_path / 'validation'
    make_folders(split, VISDA2017_CLASSES, {'bus': 1})
    (split / 'image_list.txt').write_bytes('bus/0.png 2\n'.encode('utf-8-sig'))  # Windows editors
    visda = DATASETS.build(dict(type='VisDA2017Dataset', data_root=str(tmp_path),
                                split='validation'))
    assert visda.get_data_info(0)['img_path'] == str(split / 'bus' / '0.png')


def test_an_empty_class_folder_is_named_in_a_warning(tmp_path, monkeypatch):
    from segda.datasets.classification import image_folder
    warnings = logged(monkeypatch, image_folder)
    make_folders(tmp_path / 'amazon' / 'images', OFFICE31_CLASSES,
                 {name: 1 for name in OFFICE31_CLASSES if name != 'mug'})
    data = DATASETS.build(dict(type='Office31Dataset', data_root=str(tmp_path), domain='amazon'))
    assert len(data) == 30
    assert len(warnings) == 1
    assert "1 of the 31 class folders of" in warnings[0] and 'hold no image: mug' in warnings[0]


def test_a_labels_file_naming_an_absent_image_names_both(tmp_path):
    make_mnist_m(tmp_path, 'train', [1, 2])
    os.remove(tmp_path / 'mnist_m_train' / '00000001.png')
    with pytest.raises(FileNotFoundError, match=r'mnist_m_train_labels\.txt.*00000001\.png'):
        DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path)))


def test_a_malformed_list_line_and_wrong_class_folders_are_errors(tmp_path):
    make_mnist_m(tmp_path, 'train', [1])
    with open(tmp_path / 'mnist_m_train_labels.txt', 'a') as file:
        file.write('00000000.png five\n')
    with pytest.raises(ValueError, match=r"line 2 is '00000000.png five'"):
        DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path)))
    make_folders(tmp_path / 'dslr' / 'images', OFFICE31_CLASSES[1:] + ('chair',), {'bike': 1})
    with pytest.raises(ValueError, match=r"missing back_pack; unexpected chair"):
        DATASETS.build(dict(type='Office31Dataset', data_root=str(tmp_path), domain='dslr'))


def test_unreadable_files_name_the_file(tmp_path):
    make_mnist_m(tmp_path, 'train', [1, 2])
    (tmp_path / 'mnist_m_train' / '00000001.png').write_bytes(b'not a png')
    data = DATASETS.build(dict(type='MNISTMDataset', data_root=str(tmp_path), test_mode=True))
    assert data[0]['data_samples']['gt_label'] == 1
    with pytest.raises(ValueError, match=r'00000001\.png'):
        data[1]
    make_mnist(tmp_path / 'mnist', 'train', [1, 2])
    images = tmp_path / 'mnist' / 'MNIST' / 'raw' / 'train-images-idx3-ubyte'
    images.write_bytes(images.read_bytes()[:100])  # truncated
    with pytest.raises(ValueError, match=r'MNIST/raw'):
        DATASETS.build(dict(type='MNISTDataset', data_root=str(tmp_path / 'mnist')))
    (tmp_path / 'test_32x32.mat').write_bytes(b'garbage')
    with pytest.raises(ValueError, match=r'test_32x32\.mat'):
        DATASETS.build(dict(type='SVHNDataset', data_root=str(tmp_path), split='test'))


# ---------------------------------------------------------------------- pseudo-labels

def test_pseudo_labelled_dataset_labels_each_sample_from_the_file(tmp_path):
    """Reverse validation's self-labelled target: a file sample's label is found by its
    image, an in-memory sample's by its index; the dataset's own labels are not read."""
    make_mnist_m(tmp_path / 'mnistm', 'train', [4, 5, 6])
    make_mnist(tmp_path / 'mnist', 'train', [1, 2])
    folder = tmp_path / 'mnistm' / 'mnist_m_train'
    write_pseudo_labels(str(tmp_path / 'm.json'), {str(folder / f'{i:08d}.png'): label
                                                    for i, label in enumerate([9, 0, 7])})
    write_pseudo_labels(str(tmp_path / 'idx.json'), {'#0': 3, '#1': 8}, checkpoint='x.pth')
    files = PseudoLabelledDataset(dict(type='MNISTMDataset', data_root=str(tmp_path / 'mnistm')),
                                  str(tmp_path / 'm.json'))
    in_memory = PseudoLabelledDataset(dict(type='MNISTDataset', data_root=str(tmp_path / 'mnist')),
                                      str(tmp_path / 'idx.json'))
    assert [files[i]['data_samples']['gt_label'] for i in range(3)] == [9, 0, 7]
    assert [in_memory[i]['data_samples']['gt_label'] for i in range(2)] == [3, 8]
    assert files.metainfo['classes'] == DIGITS and len(files) == 3
    pair = DomainPairDataset(source=dict(type='PseudoLabelledDataset',
                                         dataset=dict(type='MNISTMDataset',
                                                      data_root=str(tmp_path / 'mnistm')),
                                         labels_file=str(tmp_path / 'm.json')),
                             target=dict(type='MNISTMDataset', data_root=str(tmp_path / 'mnistm')))
    assert pair[(2, 0)]['source']['data_samples']['gt_label'] == 7


def test_a_pseudo_labels_file_for_other_samples_or_classes_is_refused(tmp_path):
    make_mnist(tmp_path, 'train', [1, 2, 3])
    cfg = dict(type='MNISTDataset', data_root=str(tmp_path))
    write_pseudo_labels(str(tmp_path / 'short.json'), {'#0': 1, '#1': 1})
    with pytest.raises(ValueError, match=r"short\.json' has no label for 1 of the 3 samples "
                                         r"\(the first: '#2'\)"):
        PseudoLabelledDataset(cfg, str(tmp_path / 'short.json'))
    write_pseudo_labels(str(tmp_path / 'k.json'), {'#0': 1, '#1': 10, '#2': 0})
    with pytest.raises(ValueError, match=r"labels '#1' 10, not a class index in \[0, 10\)"):
        PseudoLabelledDataset(cfg, str(tmp_path / 'k.json'))
    (tmp_path / 'list.json').write_text('[1, 2, 3]')
    with pytest.raises(ValueError, match='holds no "labels" mapping'):
        PseudoLabelledDataset(cfg, str(tmp_path / 'list.json'))
