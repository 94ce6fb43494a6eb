"""Re-ID readers on small files in the published layouts: each protocol's split, the
split record, and the bad-data messages (missing root, unparsable name, too many
training identities)."""
import json
import os.path as osp

import pytest

from segda.datasets.reid import (
    CUHK01Dataset,
    CUHK02Dataset,
    Market1501Dataset,
    PRID2011Dataset,
    VIPeRDataset,
)

from helpers.reid_layouts import (
    make_cuhk01,
    make_cuhk02,
    make_market,
    make_prid,
    make_viper,
    write_images,
)


def infos(dataset):
    return [dataset.get_data_info(i) for i in range(len(dataset))]


def people(dataset):
    return {info['person_id'] for info in infos(dataset)}


def cameras(dataset):
    return {info['camera_id'] for info in infos(dataset)}


def test_viper_split_protocol(tmp_path):
    root = make_viper(tmp_path / 'viper')
    train = VIPeRDataset(str(root), split='train', num_train=4, split_seed=3)
    query = VIPeRDataset(str(root), split='query', num_train=4, split_seed=3)
    gallery = VIPeRDataset(str(root), split='gallery', num_train=4, split_seed=3)
    test = VIPeRDataset(str(root), split='test', num_train=4, split_seed=3)
    assert len(people(train)) == 4 and len(train) == 8  # both cameras of each
    assert people(query) == people(gallery) == set(range(10)) - people(train)
    assert cameras(query) == {0} and cameras(gallery) == {1}
    assert [info['split'] for info in infos(test)] == ['query'] * 6 + ['gallery'] * 6
    assert sorted({info['id_label'] for info in infos(train)}) == [0, 1, 2, 3]
    assert train.metainfo['identities'] == 4
    other = VIPeRDataset(str(root), split='train', num_train=4, split_seed=4)
    assert people(other) != people(train)  # a seed that draws other people (10 choose 4)
    unlabelled = VIPeRDataset(str(root), split='train', num_train=4, split_seed=3,
                              with_labels=False)
    assert all('person_id' not in info for info in infos(unlabelled))


def test_prid_single_shot_protocol(tmp_path):
    root = make_prid(tmp_path / 'prid')
    kwargs = dict(num_train=3, num_shared=6, split_seed=0)
    train = PRID2011Dataset(str(root), split='train', **kwargs)
    query = PRID2011Dataset(str(root), split='query', **kwargs)
    gallery = PRID2011Dataset(str(root), split='gallery', **kwargs)
    assert len(people(train)) == 3 and len(train) == 6 and people(train) <= set(range(1, 7))
    # probes: the other shared people from camera A; camera-A-only people are not probes
    assert people(query) == set(range(1, 7)) - people(train) and cameras(query) == {0}
    # gallery: every camera-B image not used in training: 3 shared + 4 camera-B-only
    assert len(gallery) == 7 and cameras(gallery) == {1}
    assert people(gallery) == people(query) | {20007, 20008, 20009, 20010}
    # person_0007 of camera A and of camera B are different people
    everyone = PRID2011Dataset(str(root), split='test', **kwargs)
    assert 10007 not in people(everyone)


def test_cuhk01_protocol(tmp_path):
    root = make_cuhk01(tmp_path / 'cuhk01')
    train = CUHK01Dataset(str(root), split='train', num_train=3)
    test = CUHK01Dataset(str(root), split='test', num_train=3)
    assert len(train) == 12 and len(people(train)) == 3
    query = [i for i in infos(test) if i['split'] == 'query']
    gallery = [i for i in infos(test) if i['split'] == 'gallery']
    assert {i['camera_id'] for i in query} == {0} and {i['camera_id'] for i in gallery} == {1}
    assert all(osp.basename(i['img_path'])[4:7] in ('001', '002') for i in query)
    assert len(query) == len(gallery) == 6 and not people(test) & people(train)


def test_cuhk02_whole_and_held_out(tmp_path):
    root = make_cuhk02(tmp_path / 'cuhk02')
    whole = CUHK02Dataset(str(root))
    assert len(whole) == 4 * 11 and len(people(whole)) == 11
    assert cameras(whole) == set(range(10))  # two per camera pair
    assert {pid // 100000 for pid in people(whole)} == {1, 2, 3, 4, 5}
    with pytest.raises(ValueError, match='num_train=None trains on every person'):
        CUHK02Dataset(str(root), split='test')
    p1 = CUHK02Dataset(str(root), pairs=('P1',), num_train=2, split='test')
    assert cameras(p1) == {0, 1} and len(people(p1)) == 1


def test_market1501_junk_and_distractors(tmp_path):
    root = make_market(tmp_path / 'market')
    train = Market1501Dataset(str(root), split='train')
    assert people(train) == {2, 7}  # the junk training box is dropped
    assert cameras(train) == {0, 1, 2}
    test = Market1501Dataset(str(root), split='test')
    sides = {(osp.basename(i['img_path']), i['split']) for i in infos(test)}
    assert ('-1_c2s1_000002_01.jpg', 'gallery') in sides  # junk kept, the metric skips it
    assert ('0000_c1s1_000000_01.jpg', 'gallery') in sides
    assert sum(side == 'query' for _, side in sides) == 2


def test_market1501_queries_without_a_gallery_match_are_refused_or_counted(tmp_path,
                                                                           monkeypatch):
    from segda.datasets.reid import base
    warnings = []
    monkeypatch.setattr(base, 'print_log', lambda message, **kwargs: warnings.append(message),
                        raising=False)
    root = make_market(tmp_path / 'market')
    write_images(root / 'query', ['0009_c1s1_001201_00.jpg',   # no 0009 in the gallery
                                  '0006_c3s1_001301_00.jpg'])  # 0006 only by camera 3 there
    for split in ('query', 'test'):
        Market1501Dataset(str(root), split=split)
    assert len(warnings) == 2 and all('2 of the 4 queries' in w for w in warnings)
    assert '0006_c3s1_001301_00.jpg, 0009_c1s1_001201_00.jpg' in warnings[0]
    assert 'count the other 2 only' in warnings[0]
    Market1501Dataset(str(root), split='train')  # no query, no check
    assert len(warnings) == 2
    for name in ('0005_c1s1_001001_01.jpg', '0005_c4s2_002001_01.jpg', '0006_c3s1_000201_01.jpg'):
        (root / 'bounding_box_test' / name).unlink()  # the gallery keeps distractor and junk
    with pytest.raises(ValueError, match=r"no query of '.*query' has an image of its person "
                                         r"from another camera in the gallery "
                                         r"'.*bounding_box_test'"):
        Market1501Dataset(str(root), split='test')


def test_a_truncated_jpeg_is_skipped_in_training_and_stops_evaluation(tmp_path):
    root = make_market(tmp_path / 'market')
    write_images(root / 'bounding_box_train', ['0007_c1s1_000102_02.jpg'], size=(128, 64))
    path = root / 'bounding_box_train' / '0007_c1s1_000102_02.jpg'
    path.write_bytes(path.read_bytes()[:path.stat().st_size // 2])  # OpenCV: grey rows
    evaluation = Market1501Dataset(str(root), split='train', test_mode=True)
    broken = [info['img_path'] for info in infos(evaluation)].index(str(path))
    with pytest.raises(ValueError, match=r"0007_c1s1_000102_02\.jpg' is incomplete"):
        evaluation[broken]
    train = Market1501Dataset(str(root), split='train', max_broken=50)
    assert train[broken]['data_samples']['img_path'] != str(path)  # another sample is drawn


@pytest.mark.parametrize('cls, make, layout', [
    (VIPeRDataset, make_viper, 'cam_a/NNN_ANGLE.bmp'),
    (PRID2011Dataset, make_prid, 'single_shot/cam_a/person_XXXX.png'),
    (CUHK01Dataset, make_cuhk01, 'campus/IIIINNN.png'),
    (CUHK02Dataset, make_cuhk02, 'P1..P5/{cam1,cam2}'),
    (Market1501Dataset, make_market, 'bounding_box_train'),
])
def test_missing_root_names_the_layout(tmp_path, cls, make, layout):
    with pytest.raises(FileNotFoundError, match='expected the layout') as error:
        cls(str(tmp_path / 'absent'))
    assert str(tmp_path / 'absent') in str(error.value) and layout in str(error.value)
    assert 'make_pedestrians.py' in str(error.value)


@pytest.mark.parametrize('cls, make, folder, bad', [
    (VIPeRDataset, make_viper, 'cam_b', 'person7.bmp'),
    (PRID2011Dataset, make_prid, 'single_shot/cam_a', 'person_12.png'),
    (CUHK01Dataset, make_cuhk01, 'campus', '0001005.png'),
    (CUHK02Dataset, make_cuhk02, 'P3/cam2', 'abc.png'),
    (Market1501Dataset, make_market, 'query', '0005_cam1_01.jpg'),
])
def test_unparsable_name_names_the_file(tmp_path, cls, make, folder, bad):
    root = make(tmp_path / 'data')
    write_images(root / folder, [bad])
    with pytest.raises(ValueError, match='cannot parse the file name') as error:
        cls(str(root))
    assert str(root / folder / bad) in str(error.value)


@pytest.mark.parametrize('cls, make, kwargs, total', [
    (VIPeRDataset, make_viper, dict(num_train=10), 10),
    (PRID2011Dataset, make_prid, dict(num_train=7, num_shared=6), 6),
    (CUHK01Dataset, make_cuhk01, dict(num_train=9), 6),
    (CUHK02Dataset, make_cuhk02, dict(num_train=11), 11),
])
def test_split_asking_for_too_many_identities(tmp_path, cls, make, kwargs, total):
    root = make(tmp_path / 'data')
    with pytest.raises(ValueError, match=f"asks for {kwargs['num_train']} training identities, "
                                         f'but there are {total}'):
        cls(str(root), **kwargs)


def test_identity_seen_by_one_camera_and_missing_shared_person(tmp_path):
    root = make_viper(tmp_path / 'viper')
    (root / 'cam_b' / '003_90.bmp').unlink()
    with pytest.raises(ValueError, match=r'identities \[3\] have an image in camera A'):
        VIPeRDataset(str(root), num_train=4)
    prid = make_prid(tmp_path / 'prid')
    (prid / 'single_shot' / 'cam_b' / 'person_0002.png').unlink()
    with pytest.raises(ValueError, match='lacks the shared people'):
        PRID2011Dataset(str(prid), num_train=3, num_shared=6)


def test_split_record_holds_seed_and_membership(tmp_path):
    root = make_viper(tmp_path / 'viper')
    dataset = VIPeRDataset(str(root), split='test', num_train=4, split_seed=5,
                           split_record=str(tmp_path / 'work'))
    path = tmp_path / 'work' / 'reid_split_VIPeRDataset_test_seed5.json'
    record = json.loads(path.read_text())
    assert record['split_seed'] == 5 and record['protocol'] == dict(num_train=4)
    train = VIPeRDataset(str(root), split='train', num_train=4, split_seed=5)
    assert record['parts']['train']['identities'] == sorted(people(train))
    assert set(record['parts']['query']['identities']) == people(dataset)
    assert 'cam_a/' + osp.basename(infos(dataset)[0]['img_path']) in \
        record['parts']['query']['images']
