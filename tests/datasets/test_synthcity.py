"""SynthCity: file layout, label validity, determinism, the domain shift, the CLI."""
from pathlib import Path

import cv2
import numpy as np
import pytest

from segda.datasets.synthcity import generate_synthcity
from segda.datasets.synthcity.render import (
    CAMERA_LOOK,
    GAME_LOOK,
    render_camera,
    render_game,
    sample_mirrored,
)
from segda.datasets.synthcity.scene import (
    CAMERA_RIG,
    FOREGROUND,
    GAME_RIG,
    LABEL_IDS,
    Camera,
    SceneCanvas,
    draw_car,
    draw_large_vehicle,
    draw_person,
    draw_plan,
    make_scene,
    plan_item,
)
from segda.datasets.synthcity.textures import BUNDLED_PHOTOS, MATERIAL_TEXTURES, load_texture
from segda.datasets.synthcity.writer import MANIFEST

from helpers.cli import run_tool

# Written out here rather than imported, so the test checks the generator against the spec.
TRAINING_IDS = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33}
VOID_IDS = {0, 1, 4}
# the arguments of conftest's tiny_synthcity
TINY = dict(num_source=8, num_target=8, num_val=4, size=(128, 64), seed=0)
TRAIN_CITIES, VAL_CITY = ('pixelburg', 'polyton', 'rastervale'), 'vectorhaven'


def data_files(root):
    """Every file under root, relative, except the manifest."""
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob('*')
                  if path.is_file() and path.name != MANIFEST)


def expected_files(num_source, num_target, num_val):
    names = []
    for index in range(num_source):
        names += [f'gta5/images/{index:05d}.png', f'gta5/labels/{index:05d}.png']
    for split, count, cities in (('train', num_target, TRAIN_CITIES),
                                 ('val', num_val, (VAL_CITY,))):
        for index in range(count):
            city, frame = cities[index % len(cities)], index // len(cities)
            stem = f'{city}_000000_{frame:06d}'
            names += [f'cityscapes/leftImg8bit/{split}/{city}/{stem}_leftImg8bit.png',
                      f'cityscapes/gtFine/{split}/{city}/{stem}_gtFine_labelIds.png']
    return sorted(names)


def read_split(root, images, labels):
    """(images N x H x W x 3 RGB, labels N x H x W) of matching sorted file lists."""
    pairs = zip(sorted(Path(root).glob(images)), sorted(Path(root).glob(labels)))
    loaded = [(cv2.imread(str(image), cv2.IMREAD_COLOR)[..., ::-1],
               cv2.imread(str(label), cv2.IMREAD_UNCHANGED))
              for image, label in pairs]
    return (np.stack([image for image, _ in loaded]),
            np.stack([label for _, label in loaded]))


def source_split(root):
    return read_split(root, 'gta5/images/*.png', 'gta5/labels/*.png')


def target_split(root, split='train'):
    return read_split(root, f'cityscapes/leftImg8bit/{split}/*/*.png',
                      f'cityscapes/gtFine/{split}/*/*.png')


# ------------------------------------------------------------------ files on disk

def test_layout_and_file_names_match_gta5_and_cityscapes(tiny_synthcity):
    assert data_files(tiny_synthcity) == expected_files(8, 8, 4)
    assert (tiny_synthcity / MANIFEST).is_file()


def test_images_are_rgb_and_labels_single_channel_label_ids(tiny_synthcity):
    for images, labels in (source_split(tiny_synthcity), target_split(tiny_synthcity),
                           target_split(tiny_synthcity, 'val')):
        assert images.dtype == np.uint8 and images.shape[1:] == (64, 128, 3)
        assert labels.dtype == np.uint8 and labels.shape[1:] == (64, 128)
        assert set(np.unique(labels).tolist()) <= TRAINING_IDS | VOID_IDS
    label = cv2.imread(str(tiny_synthcity / 'gta5/labels/00000.png'), cv2.IMREAD_UNCHANGED)
    assert label.ndim == 2, 'labels must be written as single-channel PNGs'


def test_many_classes_and_some_void(tiny_synthcity):
    _, source_labels = source_split(tiny_synthcity)
    _, target_labels = target_split(tiny_synthcity)
    source_classes = set(np.unique(source_labels).tolist()) & TRAINING_IDS
    target_classes = set(np.unique(target_labels).tolist()) & TRAINING_IDS
    assert len(source_classes) >= 10 and len(target_classes) >= 10
    assert len(source_classes & target_classes) >= 10, 'both domains must share their classes'
    # every target image shows the ego vehicle's bonnet at the bottom (void id 1) ...
    assert all((labels[-1] == LABEL_IDS['ego_vehicle']).all() for labels in target_labels)
    assert not (source_labels == LABEL_IDS['ego_vehicle']).any()
    # ... but void stays a small part of the images
    assert np.isin(target_labels, list(VOID_IDS)).mean() < 0.2


def test_same_arguments_give_byte_identical_files(tiny_synthcity, tmp_path):
    generate_synthcity(tmp_path, **TINY)
    for name in expected_files(8, 8, 4):
        assert (tmp_path / name).read_bytes() == (tiny_synthcity / name).read_bytes(), name


def test_splits_have_independent_streams_and_seed_matters(tiny_synthcity, tmp_path):
    smaller = dict(TINY, num_source=3, num_target=2, num_val=1)
    generate_synthcity(tmp_path / 'smaller', **smaller)
    for name in expected_files(3, 2, 1):
        assert ((tmp_path / 'smaller' / name).read_bytes()
                == (tiny_synthcity / name).read_bytes()), name
    generate_synthcity(tmp_path / 'other_seed', **dict(smaller, seed=1))
    name = 'gta5/images/00000.png'
    assert (tmp_path / 'other_seed' / name).read_bytes() != (tiny_synthcity / name).read_bytes()


@pytest.mark.slow
def test_worker_processes_write_the_same_files(tiny_synthcity, tmp_path):
    generate_synthcity(tmp_path, **dict(TINY, num_source=3, num_target=3, num_val=1), workers=2)
    for name in expected_files(3, 3, 1):
        assert (tmp_path / name).read_bytes() == (tiny_synthcity / name).read_bytes(), name


def test_skip_existing_keeps_files_and_refuses_another_seed(tmp_path):
    args = dict(num_source=2, num_target=1, num_val=0, size=(64, 32), seed=3)
    generate_synthcity(tmp_path, **args)
    kept = tmp_path / 'gta5/images/00000.png'
    kept.write_bytes(b'kept')
    result = generate_synthcity(tmp_path, **dict(args, num_source=3), skip_existing=True)
    assert (result['written'], result['skipped']) == (1, 3)
    assert kept.read_bytes() == b'kept' and (tmp_path / 'gta5/labels/00002.png').is_file()
    with pytest.raises(ValueError, match='seed'):
        generate_synthcity(tmp_path, **dict(args, seed=4), skip_existing=True)


@pytest.mark.parametrize('bad', [dict(size=(320,)), dict(size=(8, 8)), dict(size='320x160'),
                                 dict(num_source=-1), dict(num_val=2.5), dict(seed=-1),
                                 dict(workers=0)])
def test_bad_arguments_are_refused_with_their_name(tmp_path, bad):
    name = next(iter(bad))
    with pytest.raises(ValueError, match=name):
        generate_synthcity(tmp_path, **dict(dict(num_source=1, num_target=0, num_val=0), **bad))
    assert not any(tmp_path.iterdir()), 'nothing may be written for bad arguments'


# ------------------------------------------------------------------ the domain shift

def class_statistics(images, labels, label_id):
    """Mean colour of a class, and the mean |Laplacian| of grey values inside it (one
    pixel away from its border): a measure of texture / high-frequency energy."""
    colours, energy = [], []
    for image, label in zip(images, labels):
        mask = (label == label_id).astype(np.uint8)
        interior = cv2.erode(mask, np.ones((3, 3), np.uint8)).astype(bool)
        grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
        colours.append(image[mask.astype(bool)])
        energy.append(np.abs(cv2.Laplacian(grey, cv2.CV_32F))[interior])
    return np.concatenate(colours).mean(axis=0), np.concatenate(energy).mean()


@pytest.mark.parametrize('name', ['sky', 'vegetation', 'sidewalk'])
def test_class_colours_shift_between_domains(tiny_synthcity, name):
    source_colour, _ = class_statistics(*source_split(tiny_synthcity), LABEL_IDS[name])
    target_colour, _ = class_statistics(*target_split(tiny_synthcity), LABEL_IDS[name])
    assert np.linalg.norm(source_colour - target_colour) > 15


@pytest.mark.parametrize('name', ['sky', 'vegetation', 'terrain'])
def test_flat_game_surfaces_are_textured_on_camera(tiny_synthcity, name):
    _, source_energy = class_statistics(*source_split(tiny_synthcity), LABEL_IDS[name])
    _, target_energy = class_statistics(*target_split(tiny_synthcity), LABEL_IDS[name])
    assert target_energy > 3 * source_energy


def test_classes_stay_distinguishable_by_colour_in_each_domain(tiny_synthcity):
    for images, labels in (source_split(tiny_synthcity), target_split(tiny_synthcity)):
        means = {name: class_statistics(images, labels, LABEL_IDS[name])[0]
                 for name in ('road', 'building', 'vegetation', 'sky')}
        for first in means:
            for second in means:
                if first < second:
                    assert np.linalg.norm(means[first] - means[second]) > 8, (first, second)


# ------------------------------------------------------------------ scenes and renderers

def test_projection_follows_the_pinhole_equations():
    camera = Camera(width=200, height=100, focal=150.0, horizon=40.0, elevation=1.5)
    u, v = camera.project([(2.0, 0.0, 10.0)])[0]
    assert u == pytest.approx(100 + 150 * 2 / 10) and v == pytest.approx(40 + 150 * 1.5 / 10)
    assert camera.project([(0.0, 1.5, 50.0)])[0] == pytest.approx([100, 40])  # eye height: horizon


@pytest.mark.parametrize('rig', [GAME_RIG, CAMERA_RIG])
def test_scene_maps_share_one_geometry(rig):
    scene = make_scene(np.random.default_rng(5), (160, 80), rig)
    object_labels = np.array([instance.label_id for instance in scene.objects], np.uint8)
    assert (object_labels[scene.instances] == scene.labels).all()
    for index in np.unique(scene.instances):
        x0, y0, x1, y1 = scene.objects[index].bbox
        rows, columns = np.nonzero(scene.instances == index)
        assert x0 <= columns.min() and columns.max() < x1 and y0 <= rows.min() and rows.max() < y1


def test_nearer_objects_occlude_farther_ones_and_shrink_with_distance():
    rng = np.random.default_rng(0)
    camera = Camera(width=160, height=80, focal=120.0, horizon=32.0, elevation=1.5)
    canvas = SceneCanvas(camera)
    # planned near first: the painter's order must still draw the far bus first
    draw_plan(canvas, [plan_item(FOREGROUND, 8.0, draw_car, 0.0, 8.0, rng),
                       plan_item(FOREGROUND, 20.0, draw_large_vehicle, 'bus', 0.0, 20.0, rng)])
    u, v = camera.project([(0.0, 0.7, 8.0)])[0]
    assert canvas.labels[int(v), int(u)] == LABEL_IDS['car']
    u, v = camera.project([(0.0, 2.9, 20.0)])[0]  # above the car's roof
    assert canvas.labels[int(v), int(u)] == LABEL_IDS['bus']
    heights = []
    for depth in (6.0, 12.0):
        canvas = SceneCanvas(camera)
        draw_person(canvas, 0.0, depth, np.random.default_rng(1))
        heights.append(np.any(canvas.labels == LABEL_IDS['person'], axis=1).sum())
    assert heights[0] == pytest.approx(2 * heights[1], rel=0.15)


def test_renderers_give_rgb_images_of_the_scene_size():
    scene = make_scene(np.random.default_rng(2), (96, 48), CAMERA_RIG)
    for render in (render_game, render_camera):
        image = render(scene, np.random.default_rng(0))
        assert image.dtype == np.uint8 and image.shape == (48, 96, 3)
        assert image.std() > 5


def test_every_material_has_paint_and_texture():
    materials = set(GAME_LOOK.paints)
    assert materials == set(CAMERA_LOOK.paints) == set(MATERIAL_TEXTURES)
    for spec in MATERIAL_TEXTURES.values():
        assert set(spec.photos) <= set(BUNDLED_PHOTOS)


def test_bundled_photographs_load_once_and_offline():
    for name in BUNDLED_PHOTOS:
        texture = load_texture(name)
        assert texture.dtype == np.float32 and texture.ndim == 3 and texture.shape[2] == 4
        assert abs(float(texture[..., 0].mean())) < 0.2 and 0.5 < float(texture[..., 0].std()) < 1.1
        assert texture[..., 1:].min() >= 0 and texture[..., 1:].max() <= 1
        assert load_texture(name) is texture
    with pytest.raises(KeyError, match='eagle'):
        load_texture('eagle')


def test_textures_repeat_mirrored_beyond_their_border():
    ramp = np.tile(np.arange(10, dtype=np.float32)[None, :, None], (4, 1, 1))
    columns = np.array([9 + 3, 9 - 3, 2, -2, 18 + 4])
    values = sample_mirrored(ramp, np.eye(3), columns, np.ones_like(columns))[:, 0]
    assert values.tolist() == [6, 6, 2, 2, 4]


# ------------------------------------------------------------------ the CLI

def make_args(out, *extra):
    return ('--out', out, '--num-source', 2, '--num-target', 1, '--num-val', 1,
            '--size', '64x32', *extra)


@pytest.mark.slow
def test_cli_writes_and_says_where(tmp_path):
    out = tmp_path / 'synthcity'
    result = run_tool('make_synthcity.py', *make_args(out))
    assert result.returncode == 0, result.stderr
    assert f'data_root={out}' in result.stdout
    assert data_files(out) == expected_files(2, 1, 1)


@pytest.mark.slow
def test_cli_refuses_a_non_empty_folder_without_a_flag(tmp_path):
    generate_synthcity(tmp_path, num_source=1, num_target=0, num_val=0, size=(64, 32))
    before = (tmp_path / 'gta5/images/00000.png').read_bytes()
    result = run_tool('make_synthcity.py', *make_args(tmp_path))
    assert result.returncode != 0
    for needle in (str(tmp_path), '--skip-existing', '--overwrite'):
        assert needle in result.stderr
    assert (tmp_path / 'gta5/images/00000.png').read_bytes() == before
    assert data_files(tmp_path) == expected_files(1, 0, 0)


@pytest.mark.slow
def test_cli_skip_existing_keeps_and_overwrite_replaces(tmp_path):
    generate_synthcity(tmp_path, num_source=3, num_target=0, num_val=0, size=(64, 32))
    marked = tmp_path / 'gta5/images/00000.png'
    marked.write_bytes(b'existing')
    result = run_tool('make_synthcity.py', *make_args(tmp_path, '--skip-existing'))
    assert result.returncode == 0, result.stderr
    assert marked.read_bytes() == b'existing' and 'kept 2' in result.stdout
    result = run_tool('make_synthcity.py', *make_args(tmp_path, '--overwrite'))
    assert result.returncode == 0, result.stderr
    assert marked.read_bytes().startswith(b'\x89PNG')
    assert data_files(tmp_path) == expected_files(2, 1, 1), 'stale files of the old run must go'


@pytest.mark.slow
def test_cli_overwrite_leaves_folders_not_made_by_synthcity_alone(tmp_path):
    (tmp_path / 'gta5').mkdir()
    (tmp_path / 'gta5' / 'real.png').write_bytes(b'real data')
    for flag in ('--overwrite', '--skip-existing'):
        result = run_tool('make_synthcity.py', *make_args(tmp_path, flag))
        assert result.returncode != 0 and MANIFEST in result.stderr
        assert (tmp_path / 'gta5' / 'real.png').read_bytes() == b'real data'


@pytest.mark.slow
@pytest.mark.parametrize('size', ['320by160', '320x', '8x8'])
def test_cli_rejects_bad_sizes(tmp_path, size):
    result = run_tool('make_synthcity.py', '--out', tmp_path / 'x', '--size', size)
    assert result.returncode == 2 and '--size' in result.stderr
    assert not (tmp_path / 'x').exists()
