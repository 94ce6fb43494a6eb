"""The embedded pedestrians: seeded, written in the VIPeR and PRID layouts that the real
readers load, networks that differ as described, and nothing overwritten without
--overwrite (library and tool)."""
import json
from pathlib import Path

import numpy as np

from segda.datasets.image_io import read_image
from segda.datasets.reid import PRID2011Dataset, VIPeRDataset
from segda.datasets.reid.pedestrians import generate_pedestrians, written_paths

from cli_helpers import run_tool

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
