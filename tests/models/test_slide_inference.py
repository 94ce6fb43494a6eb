"""Segmentor.test_cfg: sliding-window inference (MMSeg's mode='slide') against whole-image."""
import pytest
import torch
from torch import nn

from segda.models.tasks.segmentor import Segmentor

NUM_CLASSES = 5


class PixelBackbone(nn.Module):
    """G of a per-pixel model: a 1x1 conv, so a pixel's features depend on that pixel only."""

    out_channels = [8]

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 1)

    def forward(self, x):
        return [torch.tanh(self.conv(x))]


class PixelHead(nn.Module):
    """C of a per-pixel model: a 1x1 conv on the deepest map."""

    num_classes = NUM_CLASSES

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, NUM_CLASSES, 1)

    def forward(self, feats, out_size=None):
        return self.conv(feats[-1])


def pixel_segmentor(test_cfg=None):
    torch.manual_seed(0)
    return Segmentor(PixelBackbone(), PixelHead(), NUM_CLASSES, test_cfg=test_cfg).eval()


def fcn_segmentor(test_cfg=None):
    torch.manual_seed(0)
    return Segmentor(dict(type='ResNet', depth=18, pretrained=None),
                     dict(type='FCNDecoder', channels=16), NUM_CLASSES, test_cfg=test_cfg).eval()


@pytest.mark.parametrize('crop_size, stride', [((16, 12), (10, 7)), ((20, 37), (3, 5)),
                                               ((53, 8), (53, 8))])
def test_slide_equals_whole_for_a_per_pixel_model(crop_size, stride):
    # 53 x 37 is no multiple of any crop or stride: the last window of each row and column
    # is moved back to end at the border, and every pixel is covered 1 to 6 times.
    model = pixel_segmentor()
    inputs = torch.randn(2, 3, 37, 53)
    with torch.no_grad():
        whole = model(inputs)
        slide = model.slide_inference(inputs, crop_size, stride)
    torch.testing.assert_close(slide, whole, rtol=0, atol=1e-6)
    assert torch.equal(slide.argmax(1), whole.argmax(1))


def test_slide_predict_follows_test_cfg():
    whole_model = pixel_segmentor()
    slide_model = pixel_segmentor(dict(mode='slide', crop_size=(16, 16), stride=(8, 8)))
    slide_model.load_state_dict(whole_model.state_dict())
    inputs = torch.randn(1, 3, 40, 30)
    samples = [dict(img_shape=(40, 30), ori_shape=(80, 60))]
    with torch.no_grad():
        calls = []
        slide_model.generator.register_forward_hook(
            lambda module, args, out: calls.append(args[0].shape))
        whole_pred = whole_model.predict(inputs, samples)[0]['pred_seg']
        slide_pred = slide_model.predict(inputs, samples)[0]['pred_seg']
    assert slide_pred.shape == (80, 60)
    assert torch.equal(slide_pred, whole_pred)
    # 40 x 30 with 16 x 16 windows every 8 pixels: 4 rows x 3 columns, all of the crop size.
    assert len(calls) == 12 and set(calls) == {torch.Size([1, 3, 16, 16])}


@pytest.mark.parametrize('crop_size', [(64, 48), (200, 100)])
def test_slide_with_a_window_covering_the_image_equals_whole(crop_size):
    # One window (clipped to the image when larger): the FCN sees exactly the whole image.
    model = fcn_segmentor()
    inputs = torch.randn(1, 3, 48, 64)
    with torch.no_grad():
        whole = model(inputs)
        slide = model.slide_inference(inputs, crop_size, (32, 32))
    assert torch.equal(slide, whole)


def test_slide_averages_overlapping_windows():
    # An FCN's windows see different context, so overlaps disagree: the result is their
    # mean, here checked against the two windows computed by hand.
    model = fcn_segmentor()
    inputs = torch.randn(1, 3, 32, 48)
    with torch.no_grad():
        slide = model.slide_inference(inputs, (32, 32), (16, 32))
        left, right = model(inputs[..., :32]), model(inputs[..., 16:])
    expected = torch.cat([left[..., :16], (left[..., 16:] + right[..., :16]) / 2,
                          right[..., 16:]], dim=-1)
    torch.testing.assert_close(slide, expected)


def test_whole_is_the_default():
    assert pixel_segmentor().test_cfg == dict(mode='whole')


@pytest.mark.parametrize('test_cfg, words', [
    (dict(mode='sliding', crop_size=(8, 8), stride=(4, 4)), ["mode='slide'", 'sliding']),
    (dict(mode='slide', crop_size=(8, 8)), ['stride=(W, H)']),
    (dict(mode='whole', crop_size=(8, 8)), ["mode='whole' takes no other key", 'crop_size']),
    (dict(mode='slide', crop_size=(8, 0), stride=(4, 4)), ['test_cfg.crop_size', '(8, 0)']),
    (dict(mode='slide', crop_size=(8, 8), stride=4), ['test_cfg.stride', 'two positive ints']),
    (dict(mode='slide', crop_size=(8, 8), stride=(4, 9)), ['stride (4, 9) exceeds crop_size']),
])
def test_bad_test_cfg_is_named(test_cfg, words):
    with pytest.raises(ValueError) as error:
        pixel_segmentor(test_cfg)
    for word in words:
        assert word in str(error.value)
