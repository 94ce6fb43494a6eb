"""tools/infer.py: one's own images (any size, folders, globs) and videos -> PNG files."""
import cv2
import numpy as np
import pytest
from test_official_outputs import CONFIG, random_checkpoint

from segda.apis.config import read_config
from segda.apis.predictor import Predictor, slide_test_cfg
from segda.datasets.cityscapes_labels import PALETTE
from segda.visualization.inference import run_inference

from cli_helpers import REPO, run_tool

SIZES = {'wide.png': (40, 60), 'sub/odd.jpg': (33, 71), 'second.png': (40, 60)}


def write_inputs(folder):
    rng = np.random.default_rng(0)
    for name, size in SIZES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(path), rng.integers(0, 256, (*size, 3), dtype=np.uint8))
    (folder / 'broken.png').write_bytes(b'not an image')


def write_video(path, frames=3, size=(48, 32)):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'MJPG'), 5, size)
    for k in range(frames):
        writer.write(np.full((size[1], size[0], 3), 60 * k, np.uint8))
    writer.release()


@pytest.fixture(scope='module')
def checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp('infer') / 'random.pth'
    random_checkpoint(path)
    return path


@pytest.mark.slow
def test_infer_folder_of_mixed_sizes_with_an_unreadable_file_and_a_video(checkpoint, tmp_path):
    write_inputs(tmp_path / 'images')
    write_video(tmp_path / 'clip.avi')
    out = tmp_path / 'out'
    result = run_tool('infer.py', CONFIG, checkpoint, tmp_path / 'images', tmp_path / 'clip.avi',
                      '--out', out, '--batch-size', '2', '--device', 'cpu',
                      '--cfg-options', 'model.task.decoder.channels=16')
    assert result.returncode == 1, result.stderr[-3000:]
    assert '1 input(s) failed' in result.stderr
    assert 'broken.png: cannot read' in result.stderr and 'Traceback' not in result.stderr
    names = {'wide.png': (40, 60), 'odd.png': (33, 71), 'second.png': (40, 60),
             **{f'clip_{k:06d}.png': (32, 48) for k in range(3)}}
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    palette = {tuple(colour) for colour in PALETTE}
    for name, size in names.items():
        picture = cv2.cvtColor(cv2.imread(str(out / name)), cv2.COLOR_BGR2RGB)
        assert picture.shape[:2] == size  # the input's resolution
        assert {tuple(c) for c in picture.reshape(-1, 3)} <= palette



def test_predictor_slides_as_asked(checkpoint):
    cfg = read_config(REPO / CONFIG)
    cfg.model.task.decoder.channels = 16
    image = np.random.default_rng(1).integers(0, 256, (37, 90, 3), dtype=np.uint8)
    whole = Predictor(cfg, str(checkpoint), 'cpu')
    slide = Predictor(cfg, str(checkpoint), 'cpu', slide_test_cfg(96, 64, 64, 32))
    assert slide.model.task.test_cfg == dict(mode='slide', crop_size=(96, 64), stride=(64, 32))
    assert whole.model.task.test_cfg == dict(mode='whole')
    (pred,), (slid,) = whole([('x', image)]), slide([('x', image)])
    assert pred.shape == slid.shape == (37, 90) and pred.dtype == np.uint8
    assert not np.array_equal(pred, slid)  # the windows see less context than the image
    # The pipeline resizes to 256 x 128: one window of that size is the whole image.
    slide.model.task.test_cfg = slide_test_cfg(256, 128, 64, 64)
    assert np.array_equal(slide([('x', image)])[0], pred)


class FakePredictor:
    """Train id = (R channel // 64) per pixel; records the batches it is given."""

    def __init__(self):
        self.batches = []

    def __call__(self, images):
        self.batches.append([image.shape[:2] for _, image in images])
        return [(image[..., 0] // 64).astype(np.uint8) for _, image in images]


@pytest.fixture
def inputs(tmp_path):
    write_inputs(tmp_path / 'images')
    return tmp_path / 'images'


def test_batches_hold_consecutive_images_of_one_size(inputs, tmp_path):
    predict = FakePredictor()
    failures = run_inference(predict, [str(inputs / '*.png'), str(inputs / 'sub')],
                             tmp_path / 'out', batch_size=2, progress=False)
    assert [f[0] for f in failures] == [str(inputs / 'broken.png')]
    # broken.png, second.png, wide.png from the glob, then the folder's odd.jpg.
    assert predict.batches == [[(40, 60), (40, 60)], [(33, 71)]]


def test_raw_and_overlay_outputs(inputs, tmp_path):
    image = cv2.cvtColor(cv2.imread(str(inputs / 'wide.png')), cv2.COLOR_BGR2RGB)
    ids = image[..., 0] // 64
    meta = dict(palette=PALETTE, classes=tuple(range(19)))
    run_inference(FakePredictor(), [str(inputs / 'wide.png')], tmp_path / 'raw', 'raw', meta,
                  progress=False)
    raw = cv2.imread(str(tmp_path / 'raw' / 'wide.png'), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(raw, ids)
    run_inference(FakePredictor(), [str(inputs / 'wide.png')], tmp_path / 'overlay', 'overlay',
                  meta, opacity=0.25, progress=False)
    overlay = cv2.cvtColor(cv2.imread(str(tmp_path / 'overlay' / 'wide.png')), cv2.COLOR_BGR2RGB)
    expected = 0.75 * image + 0.25 * np.asarray(PALETTE, dtype=np.float64)[ids]
    assert np.abs(overlay - expected).max() <= 0.5 + 1e-9


def test_overwrite_and_names_met_twice(inputs, tmp_path):
    out = tmp_path / 'out'
    run_inference(FakePredictor(), [str(inputs / 'wide.png')], out, progress=False)
    with pytest.raises(FileExistsError, match='wide.png exists; pass --overwrite'):
        run_inference(FakePredictor(), [str(inputs / 'wide.png')], out, progress=False)
    (inputs / 'sub' / 'wide.png').write_bytes((inputs / 'wide.png').read_bytes())
    failures = run_inference(FakePredictor(), [str(inputs / 'wide.png'),
                                               str(inputs / 'sub' / 'wide.png')],
                             out, overwrite=True, progress=False)
    assert failures == [(str(inputs / 'sub' / 'wide.png'),
                         f'it gives the output {out / "wide.png"} as {inputs / "wide.png"} does; '
                         'run them with separate --out folders')]


def test_missing_inputs_are_named(tmp_path):
    (tmp_path / 'empty').mkdir()
    failures = run_inference(FakePredictor(), [str(tmp_path / 'nothing*.png'),
                                               str(tmp_path / 'empty')], tmp_path / 'out',
                             progress=False)
    assert [f[0] for f in failures] == [str(tmp_path / 'nothing*.png'), str(tmp_path / 'empty')]
    assert 'no file matches it' in failures[0][1] and 'no image or video' in failures[1][1]
