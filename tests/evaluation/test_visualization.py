"""colorize and ShowPredictionsHook on tiny images written on the fly."""
import cv2
import numpy as np
import pytest
import torch
from mmengine.logging import MMLogger

from segda.datasets.cityscapes_labels import PALETTE
from segda.registry import HOOKS
from segda.visualization import ShowPredictionsHook, colorize, generated_palette


def test_colorize_looks_up_the_palette_and_the_ignore_colour():
    label = np.array([[0, 1], [18, 255]])
    rgb = colorize(label, PALETTE, ignore_color=(1, 2, 3))
    assert rgb.dtype == np.uint8 and rgb.shape == (2, 2, 3)
    assert rgb[0, 0].tolist() == list(PALETTE[0])
    assert rgb[0, 1].tolist() == list(PALETTE[1])
    assert rgb[1, 0].tolist() == list(PALETTE[18])
    assert rgb[1, 1].tolist() == [1, 2, 3]
    assert colorize(torch.from_numpy(label), PALETTE).tolist() == colorize(label, PALETTE).tolist()


def test_colorize_with_a_custom_palette_and_bad_values():
    palette = [(10, 20, 30), (40, 50, 60)]
    assert colorize(np.array([[1, 0]]), palette).tolist() == [[[40, 50, 60], [10, 20, 30]]]
    with pytest.raises(ValueError, match=r'\[2\]'):
        colorize(np.array([[0, 2]]), palette)
    with pytest.raises(ValueError, match='integer'):
        colorize(np.zeros((2, 2), dtype=np.float32), palette)


def write_image(path, height, width, seed=0):
    """A random RGB image saved as PNG (lossless); returns the RGB array."""
    rgb = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    assert cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return rgb


def read_rgb_png(path):
    return cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


class FakeRunner:
    """What ShowPredictionsHook reads of a runner: the test dataset's metainfo."""

    def __init__(self, metainfo):
        self.test_dataloader = type('Loader', (), dict(dataset=type('Set', (), dict(
            metainfo=metainfo))))


def test_colorize_without_a_palette_uses_a_fixed_generated_one(tmp_path):
    write_image(tmp_path / 'a.png', 1, 2)
    hook = ShowPredictionsHook(out_dir=tmp_path / 'vis', opacity=1.0)
    hook.before_test(FakeRunner(dict(classes=('a', 'b', 'c'), ignore_index=9)))
    hook.after_test_iter(None, 0, None, [dict(img_path=str(tmp_path / 'a.png'),
                                              pred_seg=torch.tensor([[2, 9]]))])
    overlay = read_rgb_png(tmp_path / 'vis' / 'a.png')[:, 2:]
    assert overlay[0, 0].tolist() == generated_palette()[2].tolist()
    assert overlay[0, 1].tolist() == [0, 0, 0]  # the dataset's ignore index
    assert np.array_equal(generated_palette(), generated_palette())


def test_hook_writes_image_overlay_and_ground_truth(tmp_path):
    image = write_image(tmp_path / 'frame_0001.png', 4, 6)
    pred = torch.randint(0, 19, (4, 6), generator=torch.Generator().manual_seed(1))
    gt = pred.clone()
    gt[0] = 255
    hook = HOOKS.build(dict(type='ShowPredictionsHook', out_dir=str(tmp_path / 'vis' / 'deep'),
                            opacity=0.25))
    hook.before_test(FakeRunner(dict(classes=tuple(map(str, range(19))), palette=PALETTE)))
    hook.after_test_iter(None, 0, None, [dict(img_path=str(tmp_path / 'frame_0001.png'),
                                              pred_seg=pred, gt_seg=gt)])
    strip = read_rgb_png(tmp_path / 'vis' / 'deep' / 'frame_0001.png')
    assert strip.shape == (4, 18, 3)
    assert np.array_equal(strip[:, :6], image)
    colours = np.asarray(PALETTE, dtype=np.float64)[pred.numpy()]
    expected_overlay = np.rint(0.75 * image + 0.25 * colours)
    assert np.abs(strip[:, 6:12].astype(np.float64) - expected_overlay).max() <= 1
    assert np.array_equal(strip[1:, 12:], colours[1:].astype(np.uint8))
    assert strip[0, 12:].max() == 0  # ignored pixels are black


def test_hook_resizes_a_smaller_prediction_and_skips_a_missing_label(tmp_path):
    write_image(tmp_path / 'small.png', 4, 6)
    pred = torch.tensor([[0, 1, 2], [3, 4, 5]])  # half size: each class becomes a 2x2 block
    hook = ShowPredictionsHook(out_dir=tmp_path / 'vis', opacity=1.0)
    hook.before_test(FakeRunner(dict(classes=tuple(map(str, range(19))), palette=PALETTE)))
    hook.after_test_iter(None, 0, None, [dict(img_path=str(tmp_path / 'small.png'),
                                              pred_seg=pred)])
    strip = read_rgb_png(tmp_path / 'vis' / 'small.png')
    assert strip.shape == (4, 12, 3)  # image and overlay only
    overlay = strip[:, 6:]
    assert overlay[3, 5].tolist() == list(PALETTE[5])
    assert overlay[0, 0].tolist() == overlay[1, 1].tolist() == list(PALETTE[0])


def test_hook_stops_at_max_images_and_logs_where(tmp_path):
    samples = []
    for index in range(3):
        write_image(tmp_path / f'im{index}.png', 2, 2, seed=index)
        samples.append(dict(img_path=str(tmp_path / f'im{index}.png'),
                            pred_seg=torch.zeros(2, 2, dtype=torch.long)))
    logger = MMLogger.get_instance('test_visualization', log_file=str(tmp_path / 'log.txt'))
    hook = ShowPredictionsHook(out_dir=tmp_path / 'vis', max_images=2)
    hook.before_test(None)
    hook.after_test_iter(None, 0, None, samples[:2])
    hook.after_test_iter(None, 1, None, samples[2:])
    hook.after_test(None)
    assert sorted(p.name for p in (tmp_path / 'vis').iterdir()) == ['im0.png', 'im1.png']
    for handler in logger.handlers:
        handler.flush()
    assert str(tmp_path / 'vis') in (tmp_path / 'log.txt').read_text()


def test_hook_errors(tmp_path):
    with pytest.raises(ValueError, match='opacity'):
        ShowPredictionsHook(out_dir=tmp_path, opacity=1.5)
    hook = ShowPredictionsHook(out_dir=tmp_path)
    with pytest.raises(FileNotFoundError, match='missing.png'):
        hook.after_test_iter(None, 0, None, [dict(img_path=str(tmp_path / 'missing.png'),
                                                  pred_seg=torch.zeros(1, 1, dtype=torch.long))])
    with pytest.raises(KeyError, match='pred_seg'):
        hook.after_test_iter(None, 0, None, [dict(img_path='x.png')])
