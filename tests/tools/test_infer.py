"""tools/infer.py: one's own images (any size, folders, globs) and videos -> PNG files."""
import argparse
import re

import cv2
import numpy as np
import pytest

from segda.apis.config import read_config
from segda.apis.predictor import Predictor, slide_test_cfg
from segda.datasets.cityscapes_labels import PALETTE
from segda.visualization.inference import run_inference

from helpers.cli import REPO, load_tool, run_tool
from helpers.synthcity_model import CONFIG, random_checkpoint

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
    assert '1 input(s) failed; the other inputs gave 6 file(s) in' in result.stderr
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
    done = run_inference(predict, [str(inputs / '*.png'), str(inputs / 'sub')],
                         tmp_path / 'out', batch_size=2, progress=False)
    assert [f[0] for f in done.failures] == [str(inputs / 'broken.png')]
    assert done.written == 3
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
    done = run_inference(FakePredictor(), [str(inputs / 'wide.png'),
                                           str(inputs / 'sub' / 'wide.png')],
                         out, overwrite=True, progress=False)
    assert done.failures == [(str(inputs / 'sub' / 'wide.png'),
                              f'it gives the output {out / "wide.png"} as {inputs / "wide.png"} '
                              'does; run them with separate --out folders')]


def test_missing_inputs_are_named(tmp_path):
    (tmp_path / 'empty').mkdir()
    with pytest.raises(FileNotFoundError, match=r'no image or video to predict: .*nothing\*\.png: '
                                                r'.*no file matches it.*empty: the folder holds '
                                                r'no image or video'):
        run_inference(FakePredictor(), [str(tmp_path / 'nothing*.png'), str(tmp_path / 'empty')],
                      tmp_path / 'out', progress=False)


def _snapshot(folder):
    return {path: path.read_bytes() for path in sorted(folder.rglob('*')) if path.is_file()}


@pytest.mark.parametrize('out, inputs_of', [
    ('images', lambda images: [str(images)]),                # the input folder itself
    ('images/predictions', lambda images: [str(images)]),    # a folder under it
    ('images', lambda images: [str(images / '*.png')]),      # the folder of a glob's files
    ('images/sub', lambda images: [str(images / 'sub' / 'odd.jpg')]),  # an input file's folder
])
def test_out_among_the_inputs_is_refused_whatever_overwrite(out, inputs_of, inputs, tmp_path):
    before = _snapshot(inputs)
    with pytest.raises(ValueError, match='--out .* (lies in the input folder|holds the input) '
                                         r'.*choose a folder outside the inputs'):
        run_inference(FakePredictor(), inputs_of(inputs), tmp_path / out, overwrite=True,
                      progress=False)
    assert _snapshot(inputs) == before  # no photo replaced, nothing added


def _infer_tool():
    """tools/infer.py as a module (its main(argv) runs in this process)."""
    return load_tool('infer.py')


def test_device_cuda_without_a_gpu_is_a_usage_error_naming_it(monkeypatch, capsys, tmp_path):
    import torch

    from segda.utils.arguments import torch_device
    monkeypatch.setattr(torch.cuda, 'device_count', lambda: 0)
    with pytest.raises(SystemExit) as exit_info:
        _infer_tool().parse_args([CONFIG, 'model.pth', 'x.png', '--out', str(tmp_path / 'out'),
                                  '--device', 'cuda'])
    assert exit_info.value.code == 2
    assert "argument --device: 'cuda': no CUDA GPU is visible on this machine; use --device " \
           'cpu' in capsys.readouterr().err
    monkeypatch.setattr(torch.cuda, 'device_count', lambda: 1)
    for device, message in (('cuda:1', 'has 1 CUDA GPU(s), cuda:0 to cuda:0'),
                            ('gpu', "not a device: 'gpu'")):
        with pytest.raises(argparse.ArgumentTypeError, match=re.escape(message)):
            torch_device(device)
    assert torch_device('cuda:0') == 'cuda:0' and torch_device('cpu') == 'cpu'


def test_out_that_is_a_file_is_a_usage_error_naming_it(capsys, tmp_path):
    (tmp_path / 'out.png').write_bytes(b'x')
    with pytest.raises(SystemExit) as exit_info:
        _infer_tool().parse_args([CONFIG, 'model.pth', 'x.png', '--out', str(tmp_path / 'out.png')])
    assert exit_info.value.code == 2
    assert 'argument --out: must be a folder' in capsys.readouterr().err


class _MetaPredictor(FakePredictor):
    metainfo = dict(classes=tuple(range(4)))


def test_the_closing_line_says_how_many_files_were_written(monkeypatch, capsys, inputs,
                                                          tmp_path):
    tool = _infer_tool()
    monkeypatch.setattr(tool, 'Predictor', lambda *args: _MetaPredictor())
    checkpoint = tmp_path / 'model.pth'
    checkpoint.write_bytes(b'weights')  # not read: the predictor is a stand-in

    def infer(*files):
        return tool.main([CONFIG, str(checkpoint), *map(str, files), '--out',
                          str(tmp_path / 'out'), '--device', 'cpu'])

    nothing = inputs / 'none*.png'  # a glob that matches nothing
    with pytest.raises(SystemExit) as exit_info:
        infer(nothing, inputs / 'broken.png')
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert 'error: 2 input(s) failed; nothing was written to' in err and 'the other' not in err
    with pytest.raises(SystemExit):
        infer(nothing, inputs / 'wide.png')
    assert 'error: 1 input(s) failed; the other inputs gave 1 file(s) in' in capsys.readouterr().err
    with pytest.raises(FileNotFoundError, match='no image or video to predict'):
        infer(nothing)


def test_a_classification_or_reid_config_is_refused_before_the_model_is_built(tmp_path):
    for config in ('configs/classification/dann_digits_demo.py',
                   'configs/reid/dann_pedestrians_demo.py'):
        cfg = read_config(REPO / config)
        with pytest.raises(ValueError, match=r'tools/infer.py \(segda.apis.Predictor\) is for '
                                             r'segmentation models; .* is a (classification|'
                                             r're-identification) model'):
            Predictor(cfg, str(tmp_path / 'never_read.pth'), 'cpu')
