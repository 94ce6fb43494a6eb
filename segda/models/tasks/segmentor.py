"""Semantic segmentation as a task model: G = a backbone's multi-scale maps, C = a decoder."""
from typing import Callable, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F

from segda.models.losses.cross_entropy import cross_entropy
from segda.registry import MODELS
from segda.structures import FeatureMaps

from .base import TaskModel


@MODELS.register_module()
class Segmentor(TaskModel):
    """Per-pixel classification into ``num_classes`` with ``ignore_index`` pixels ignored.

    ``extract`` returns :class:`FeatureMaps` (shallow to deep) carrying the input's (H, W),
    so ``classify(feats)`` returns logits at exactly the input size, odd sizes included.

    Args:
        backbone: config of G (e.g. ``dict(type='ResNet', depth=50)``).
        decoder: config of C (e.g. ``dict(type='FCNDecoder')``); ``in_channels`` and
            ``num_classes`` are filled in when absent.
        num_classes: K.
        ignore_index: label value excluded from the loss.
        loss_weight: factor on the cross entropy.
        align_corners: for resizing logits to the label size in ``postprocess``.
        test_cfg: how ``predict`` computes logits (``inference``): ``dict(mode='whole')``
            (default), or ``dict(mode='slide', crop_size=(W, H), stride=(W, H))``, MMSeg's
            sliding window with sizes written ``(W, H)`` as everywhere in SegDA (MMSeg
            writes them ``(H, W)``). Training is unaffected.
    """

    kind = 'segmentation'

    def __init__(self, backbone, decoder, num_classes: int, ignore_index: int = 255,
                 loss_weight: float = 1.0, align_corners: bool = False,
                 test_cfg: Optional[dict] = None):
        super().__init__(backbone, decoder, num_classes, ignore_index)
        self.loss_weight = loss_weight
        self.align_corners = align_corners
        self.test_cfg = checked_test_cfg(test_cfg)

    def extract(self, inputs: torch.Tensor) -> FeatureMaps:
        """The backbone's maps, shallow to deep, with ``input_size`` = inputs' (H, W)."""
        return FeatureMaps(self.generator(inputs), inputs.shape[-2:])

    def classify(self, feats: FeatureMaps, out_size: Optional[Sequence[int]] = None):
        """Logits ``N x K x H x W`` at ``out_size`` (default: ``feats.input_size``)."""
        return self.head(feats, out_size)

    def classify_samples(self, feats: FeatureMaps, num_samples: int) -> List[torch.Tensor]:
        """``num_samples`` dropout samples of the logits, from the decoder's
        ``forward_samples`` when it has one (``FCNDecoder``: the part before the first dropout
        runs once), else one ``classify`` per sample."""
        if hasattr(self.head, 'forward_samples'):
            return self.head.forward_samples(feats, num_samples)
        return super().classify_samples(feats, num_samples)

    def inference(self, inputs: torch.Tensor, classifier: Optional[Callable] = None):
        """Logits ``N x K x H x W`` of a preprocessed batch through G and ``classifier``
        (default C) as ``test_cfg`` says: the whole image at once, or
        :meth:`slide_inference`."""
        if self.test_cfg['mode'] == 'whole':
            return super().inference(inputs, classifier)
        return self.slide_inference(inputs, self.test_cfg['crop_size'], self.test_cfg['stride'],
                                    classifier)

    def slide_inference(self, inputs: torch.Tensor, crop_size: Tuple[int, int],
                        stride: Tuple[int, int],
                        classifier: Optional[Callable] = None) -> torch.Tensor:
        """MMSeg's sliding window (``EncoderDecoder.slide_inference``): windows of
        ``crop_size = (w, h)`` every ``stride = (s_w, s_h)`` pixels, the last one of each row
        and column moved back to end at the border (a window is clipped to a smaller image);
        each window's logits come from ``classifier(extract(window))`` (default C) and every
        pixel gets the mean over the windows W(p) that cover it:

            n_rows = max(H - h + s_h - 1, 0) // s_h + 1   (n_cols likewise)
            logits(p) = (1 / |W(p)|) sum_{w in W(p)} logits_w(p)
        """
        (crop_w, crop_h), (stride_w, stride_h) = crop_size, stride
        height, width = inputs.shape[-2:]
        rows = max(height - crop_h + stride_h - 1, 0) // stride_h + 1
        cols = max(width - crop_w + stride_w - 1, 0) // stride_w + 1
        logits, count = None, inputs.new_zeros((1, 1, height, width))
        for row in range(rows):
            for col in range(cols):
                bottom = min(row * stride_h + crop_h, height)
                right = min(col * stride_w + crop_w, width)
                top, left = max(bottom - crop_h, 0), max(right - crop_w, 0)
                window = super().inference(inputs[:, :, top:bottom, left:right], classifier)
                if logits is None:  # as many channels as the classifier gives
                    logits = window.new_zeros((*window.shape[:2], height, width))
                logits[:, :, top:bottom, left:right] += window
                count[:, :, top:bottom, left:right] += 1
        return logits / count

    def loss(self, logits: torch.Tensor, data_samples: list) -> dict:
        """Cross entropy over the labelled pixels V (label != ignore_index):

            loss_ce = loss_weight * (-1 / |V|) sum_{i in V} log softmax(z_i)[y_i]

        0 (not NaN) when no pixel is labelled.
        """
        labels = self.labels(data_samples, logits)
        return dict(loss_ce=self.loss_weight * cross_entropy(logits, labels, self.ignore_index))

    def labels(self, data_samples: list, logits: torch.Tensor) -> torch.Tensor:
        """``N x H x W`` int64 labels matching ``logits``, or a clear error."""
        if not data_samples or any('gt_seg' not in sample for sample in data_samples):
            raise KeyError('Segmentor.loss needs `gt_seg` in every data sample: train on a '
                           'labelled dataset (target-domain data has no labels).')
        shapes = {tuple(sample['gt_seg'].shape[-2:]) for sample in data_samples}
        if shapes != {tuple(logits.shape[-2:])}:
            raise ValueError(f'Segmentor.loss: label sizes {sorted(shapes)} differ from the input '
                             f'size {tuple(logits.shape[-2:])}; the training pipeline must keep '
                             'labels aligned with images (same resize/crop/flip).')
        return torch.stack([sample['gt_seg'] for sample in data_samples]).long()

    def postprocess(self, logits: torch.Tensor, data_samples: list) -> list:
        """Per image: crop the logits to its ``img_shape`` (drop batch padding), resize them
        (bilinear) to its label's size, or ``ori_shape`` without a label, THEN take the
        argmax. Returns ``dict(sample, pred_seg=<int64 H0 x W0>)`` per image."""
        outputs = []
        for image_logits, sample in zip(logits, data_samples):
            height, width = sample.get('img_shape', image_logits.shape[-2:])
            image_logits = image_logits[None, :, :height, :width]
            if 'gt_seg' in sample:
                size = tuple(sample['gt_seg'].shape[-2:])
            else:
                size = tuple(sample.get('ori_shape', image_logits.shape[-2:]))
            if size != tuple(image_logits.shape[-2:]):
                image_logits = F.interpolate(image_logits, size=size, mode='bilinear',
                                             align_corners=self.align_corners)
            outputs.append(dict(sample, pred_seg=image_logits[0].argmax(dim=0)))
        return outputs


def checked_test_cfg(test_cfg: Optional[dict]) -> dict:
    """``test_cfg`` with its sizes as ``(W, H)`` tuples, or a ValueError naming the key."""
    test_cfg = dict(test_cfg or dict(mode='whole'))
    mode = test_cfg.get('mode', 'whole')
    if mode == 'whole':
        if set(test_cfg) - {'mode'}:
            raise ValueError(f"Segmentor test_cfg: mode='whole' takes no other key, got "
                             f'{sorted(set(test_cfg) - {"mode"})}.')
        return dict(mode='whole')
    if mode != 'slide' or set(test_cfg) != {'mode', 'crop_size', 'stride'}:
        raise ValueError("Segmentor test_cfg must be dict(mode='whole') or dict(mode='slide', "
                         f'crop_size=(W, H), stride=(W, H)), got {test_cfg}.')
    sizes = {}
    for key in ('crop_size', 'stride'):
        value = test_cfg[key]
        if (not isinstance(value, (tuple, list)) or len(value) != 2
                or not all(isinstance(v, int) and v > 0 for v in value)):
            raise ValueError(f'Segmentor test_cfg.{key} must be (width, height), two positive '
                             f'ints, got {value!r}.')
        sizes[key] = tuple(value)
    if any(s > c for s, c in zip(sizes['stride'], sizes['crop_size'])):
        raise ValueError(f"Segmentor test_cfg: stride {sizes['stride']} exceeds crop_size "
                         f"{sizes['crop_size']}; windows would leave pixels uncovered.")
    return dict(mode='slide', **sizes)
