"""The embedded pedestrians: seeded, written in the VIPeR and PRID layouts that the real
readers load, networks that differ as described, identity cues that carry over between
cameras, and nothing overwritten without --overwrite (library and tool)."""
import dataclasses
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from segda.datasets.image_io import read_image
from segda.datasets.reid import PRID2011Dataset, VIPeRDataset
from segda.datasets.reid.pedestrians import generate_pedestrians, written_paths
from segda.datasets.reid.pedestrians.networks import PRID_CAMERAS, VIPER_CAMERAS
from segda.datasets.reid.pedestrians.render import camera_response

from helpers.cli import run_tool

SMALL = dict(num_viper=6, num_prid_shared=4, num_prid_only_a=1, num_prid_only_b=2)


def written_paths_of(root):
    return [Path(p) for p in written_paths(str(root))]


def red_minus_blue(image):
    return float(image[..., 0].mean()) - float(image[..., 2].mean())


def test_layouts_read_by_the_real_loaders(tmp_path):
    written = generate_pedestrians(str(tmp_path), seed=1, **SMALL)
    assert written == dict(viper_cam_a=6, viper_cam_b=6, prid_cam_a=5, prid_cam_b=6)
    viper = VIPeRDataset(str(tmp_path / 'viper'), split='test', num_train=3)
    assert len(viper) == 6  # three test people, one image per camera
    prid = PRID2011Dataset(str(tmp_path / 'prid2011'), split='test', num_train=2, num_shared=4)
    query = [prid.get_data_info(i) for i in range(len(prid))
             if prid.get_data_info(i)['split'] == 'query']
    assert len(query) == 2 and len(prid) - len(query) == 4  # 2 shared + 2 camera-B only
    manifest = json.loads((tmp_path / 'pedestrians.json').read_text())
    assert manifest['seed'] == 1 and manifest['images'] == written
    # VIPeR-like frames are 128 x 48, PRID-like 128 x 64; camera B of VIPeR sees the side
    assert read_image(str(tmp_path / 'viper' / 'cam_b' / '000_90.bmp')).shape == (128, 48, 3)
    prid_image = tmp_path / 'prid2011' / 'single_shot' / 'cam_a' / 'person_0001.png'
    assert read_image(str(prid_image)).shape == (128, 64, 3)


def test_seeded_and_the_networks_differ(tmp_path):
    generate_pedestrians(str(tmp_path / 'a'), seed=3, **SMALL)
    generate_pedestrians(str(tmp_path / 'b'), seed=3, **SMALL)
    generate_pedestrians(str(tmp_path / 'c'), seed=4, **SMALL)
    files = [p.relative_to(tmp_path / 'a') for p in written_paths_of(tmp_path / 'a')]
    for name in files:
        assert (tmp_path / 'a' / name).read_bytes() == (tmp_path / 'b' / name).read_bytes()
    image = 'prid2011/single_shot/cam_b/person_0002.png'
    assert (tmp_path / 'a' / image).read_bytes() != (tmp_path / 'c' / image).read_bytes()
    # PRID camera A casts warm, camera B cold: the red / blue balance flips between them
    prid = tmp_path / 'a' / 'prid2011' / 'single_shot'
    balance = [np.mean([red_minus_blue(read_image(str(prid / cam / f'person_{n:04d}.png')))
                        for n in range(1, 5)]) for cam in ('cam_a', 'cam_b')]
    assert balance[0] > 0 > balance[1]


def colour_bands(path, grey_world):
    """A hand-made descriptor: the mean colour of 16 horizontal bands of the frame's middle
    half (the person), at 128 x 48; ``grey_world`` divides by the image's mean colour (a
    colour-constancy step that undoes a camera's cast)."""
    image = cv2.resize(read_image(str(path)).astype(float) / 255, (48, 128),
                       interpolation=cv2.INTER_AREA)
    bands = image[:, 12:36].reshape(16, 8, 24, 3).mean(axis=(1, 2))
    if grey_world:
        bands = bands / image.reshape(-1, 3).mean(axis=0)
    feature = bands.ravel() - bands.mean()
    return feature / np.linalg.norm(feature)


def cross_camera_rank1(cam_a, cam_b, grey_world):
    """Rank-1 of matching each camera-A image of a person to camera B's (same order)."""
    probes = np.stack([colour_bands(path, grey_world) for path in cam_a])
    gallery = np.stack([colour_bands(path, grey_world) for path in cam_b])
    return float(np.mean((probes @ gallery.T).argmax(axis=1) == np.arange(len(cam_a))))


def test_identity_cues_carry_across_cameras(tmp_path):
    # The same person's clothing colours survive both networks' cameras: a plain colour
    # descriptor finds the person among 30 far above chance (1 in 30) once the camera's
    # cast is undone, in the target network as in the source. Without undoing it the
    # target's warm/cold casts cost much of that (the shift to adapt to), the source's
    # milder light changes little.
    generate_pedestrians(str(tmp_path), num_viper=30, num_prid_shared=30, num_prid_only_a=0,
                         num_prid_only_b=0, seed=0)
    prid = tmp_path / 'prid2011' / 'single_shot'
    viper = tmp_path / 'viper'
    prid_pairs = [sorted((prid / cam).iterdir()) for cam in ('cam_a', 'cam_b')]
    viper_pairs = [sorted((viper / cam).iterdir()) for cam in ('cam_a', 'cam_b')]
    prid_raw, prid_grey = (cross_camera_rank1(*prid_pairs, g) for g in (False, True))
    viper_raw, viper_grey = (cross_camera_rank1(*viper_pairs, g) for g in (False, True))
    assert prid_grey >= 0.5 and viper_grey >= 0.5 and viper_raw >= 0.5
    assert prid_raw <= prid_grey - 0.15


def light_balance(style, draws=200):
    """log(red / blue) of the camera's response to a mid-grey scene, one value per image."""
    rng = np.random.default_rng(0)
    style = dataclasses.replace(style, size=(32, 16))
    values = []
    for _ in range(draws):
        image = camera_response(np.full((32, 16, 3), 0.5), style, rng).astype(float)
        values.append(np.log(image[..., 0].mean() / image[..., 2].mean()))
    return np.array(values)


def test_source_light_varies_and_target_casts_are_stronger():
    # The source network's light colour changes from image to image and between its
    # cameras (sunlight warm, shade cool), so a source model learns some colour
    # invariance; the target's two cameras differ by a stronger cast than the source's
    # cameras typically do.
    viper_a, viper_b = (light_balance(style) for style in VIPER_CAMERAS)
    prid_a, prid_b = (light_balance(style) for style in PRID_CAMERAS)
    assert viper_a.std() > 0.07 and viper_b.std() > 0.07
    viper_gap, prid_gap = viper_a.mean() - viper_b.mean(), prid_a.mean() - prid_b.mean()
    assert 0 < viper_gap and prid_gap > viper_gap + 2 * max(viper_a.std(), viper_b.std())


@pytest.mark.slow
def test_nothing_overwritten_without_overwrite(tmp_path):
    small = dict(num_viper=3, num_prid_shared=2, num_prid_only_a=0, num_prid_only_b=1)
    generate_pedestrians(str(tmp_path), **small)
    (tmp_path / 'notes.txt').write_text('mine')
    again = run_tool('make_pedestrians.py', '--out', tmp_path, '--num-viper', 3)
    assert again.returncode == 2 and 'pass --overwrite' in again.stderr
    stale = tmp_path / 'viper' / 'cam_a' / '999_0.bmp'
    stale.write_bytes(b'')
    generate_pedestrians(str(tmp_path), overwrite=True, **small)  # the tool's --overwrite
    assert not stale.exists() and (tmp_path / 'notes.txt').read_text() == 'mine'
    assert len(written_paths(str(tmp_path))) == 1 + 6 + 2 + 3
    bad = run_tool('make_pedestrians.py', '--out', tmp_path, '--num-viper', 1)
    assert bad.returncode == 2 and '--num-viper' in bad.stderr


@pytest.mark.slow
def test_bad_out_or_seed_is_a_usage_error_naming_the_option(tmp_path):
    (tmp_path / 'a_file').write_text('not a folder')
    for option, value in (('--seed', '-1'), ('--out', tmp_path / 'a_file'),
                          ('--out', tmp_path / 'a_file' / 'pair')):
        result = run_tool('make_pedestrians.py', option, value, '--num-viper', 3)
        assert result.returncode == 2 and 'Traceback' not in result.stderr
        error = result.stderr.strip().splitlines()[-1]
        assert f'error: argument {option}: ' in error and str(value) in error
