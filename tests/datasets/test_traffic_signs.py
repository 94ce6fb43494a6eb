"""GTSRB and Syn Signs on tiny folders in their archives' layouts (written by
helpers/traffic_sign_files.py): PPM images under per-class folders with ';'-separated GT csv
files (GTSRB), PNGs listed in train_labelling.txt (Syn Signs); DANN's adapt / held-out split
of GTSRB's training images."""
import pytest

from segda.datasets.classification import GTSRBDataset, SynSignsDataset

from helpers.traffic_sign_files import make_gtsrb, make_syn_signs


def labels_of(dataset):
    return [dataset.get_data_info(i)['gt_label'] for i in range(len(dataset))]


def test_gtsrb_reads_the_training_folders_and_the_test_labels(tmp_path):
    root = make_gtsrb(tmp_path)
    train = GTSRBDataset(str(root))
    assert labels_of(train) == [0, 0, 0, 5, 5, 5, 42, 42, 42]
    assert train.metainfo['classes'][42] == '42' and train.num_classes == 43
    sample = train[4]
    assert sample['data_samples']['gt_label'] == 5
    assert int(sample['inputs'][0, 0, 0]) == 10 * 1 + 5  # the PPM's pixels, decoded
    test = GTSRBDataset(str(root), split='test')
    assert labels_of(test) == [1, 42, 7]
    assert int(test[2]['inputs'][0, 0, 0]) == 202


def test_adapt_and_held_out_parts_are_disjoint_seeded_and_cover_the_training_images(tmp_path):
    """DANN Sec. 5.2.4: num_adapt random training images for adaptation, the rest held out."""
    root = make_gtsrb(tmp_path)
    paths = {}
    for part in ('adapt', 'held_out'):
        dataset = GTSRBDataset(str(root), part=part, num_adapt=6, split_seed=3)
        paths[part] = {dataset.get_data_info(i)['img_path'] for i in range(len(dataset))}
    assert len(paths['adapt']) == 6 and len(paths['held_out']) == 3
    assert not paths['adapt'] & paths['held_out']
    every = GTSRBDataset(str(root))
    assert paths['adapt'] | paths['held_out'] == {
        every.get_data_info(i)['img_path'] for i in range(len(every))}
    again = GTSRBDataset(str(root), part='adapt', num_adapt=6, split_seed=3)
    assert {again.get_data_info(i)['img_path'] for i in range(6)} == paths['adapt']
    other = GTSRBDataset(str(root), part='adapt', num_adapt=6, split_seed=4)
    assert {other.get_data_info(i)['img_path'] for i in range(6)} != paths['adapt']
    with pytest.raises(ValueError, match='num_adapt=9 must leave images in both parts'):
        GTSRBDataset(str(root), part='adapt', num_adapt=9)
    with pytest.raises(ValueError, match="test split takes part='all'"):
        GTSRBDataset(str(root), split='test', part='adapt')


def test_gtsrb_errors_name_the_file_and_what_to_do(tmp_path):
    root = make_gtsrb(tmp_path)
    (root / 'GT-final_test.csv').unlink()
    unlabelled = root / 'Final_Test' / 'Images' / 'GT-final_test.test.csv'
    unlabelled.write_text('Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2\n00000.ppm;6;5;0;0;5;4\n')
    with pytest.raises(FileNotFoundError, match='GTSRB_Final_Test_GT.zip'):
        GTSRBDataset(str(root), split='test')
    unlabelled.rename(root / 'GT-final_test.csv')
    with pytest.raises(ValueError, match="no Filename and ClassId columns.*GT-final_test.test.csv"):
        GTSRBDataset(str(root), split='test')
    (root / 'Final_Training' / 'Images' / '00005' / '00001_00000.ppm').unlink()
    with pytest.raises(FileNotFoundError, match=r"GT-00005.csv' names 1 images that are not"):
        GTSRBDataset(str(root))
    with pytest.raises(FileNotFoundError, match='Final_Training'):
        GTSRBDataset(str(tmp_path / 'elsewhere'))


def test_syn_signs_reads_the_listing_first_two_fields(tmp_path):
    root = make_syn_signs(tmp_path)
    dataset = SynSignsDataset(str(root))
    assert labels_of(dataset) == [3, 0, 42, 17]
    assert int(dataset[2]['inputs'][0, 0, 0]) == 52
    assert dataset.metainfo['classes'] == GTSRBDataset.METAINFO['classes']  # pairs by name


def test_syn_signs_errors_name_the_line_or_the_images(tmp_path):
    root = make_syn_signs(tmp_path, labels=(3, 43))
    with pytest.raises(ValueError, match=r'labels outside \[0, 43\)'):
        SynSignsDataset(str(root))
    (root / 'train_labelling.txt').write_text('train/00000.png three 0\n')
    with pytest.raises(ValueError, match='line 1 is'):
        SynSignsDataset(str(root))
    (root / 'train_labelling.txt').write_text('train/99999.png 3 0\n')
    with pytest.raises(FileNotFoundError, match='names 1 images that are not there'):
        SynSignsDataset(str(root))
