"""Move a collated batch to the model's device, then normalise it there.

Images travel as ``uint8`` (4x fewer bytes than float between workers, host and device);
only on the device are they converted and normalised per channel (0-255 scale):

    x' = (x - mean) / std

A batch is ``dict(inputs=..., data_samples=[dict, ...])`` where ``inputs`` is an
``N x 3 x H x W`` tensor, or a list of ``3 x H x W`` tensors when sizes differ. A list is
padded at the bottom/right to the largest size; the padding is 0 after normalisation (the
mean colour). A domain pair ``dict(source=batch, target=batch)`` keeps its nesting.
"""
from typing import Sequence

import torch
from mmengine.model import BaseDataPreprocessor

from segda.registry import MODELS
from segda.structures import is_domain_pair


@MODELS.register_module()
class SegDataPreProcessor(BaseDataPreprocessor):
    """Device transfer, ``uint8 -> float`` and normalisation of segmentation batches.

    Args:
        mean: per-channel mean on the 0-255 scale (RGB).
        std: per-channel standard deviation on the 0-255 scale.
        channels_last: return the float inputs in ``torch.channels_last`` memory format.
        ignore_index: the label value of padded pixels (the task's ignore index).

    Labels (``gt_seg`` in each data sample) become ``int64`` on the device. When training
    and the inputs are padded, a label of its image's size is padded with it
    (``ignore_index``) so logits and labels line up for the loss. At evaluation labels keep
    their own size (the prediction is resized to them, see ``Segmentor.postprocess``).
    """

    def __init__(self, mean: Sequence[float] = (123.675, 116.28, 103.53),
                 std: Sequence[float] = (58.395, 57.12, 57.375), channels_last: bool = False,
                 ignore_index: int = 255):
        super().__init__(non_blocking=True)
        if len(mean) != len(std):
            raise ValueError(f'SegDataPreProcessor: mean {list(mean)} and std {list(std)} '
                             'must have one value per channel.')
        if min(std) <= 0:
            raise ValueError(f'SegDataPreProcessor: std must be positive, got {list(std)}.')
        self.register_buffer('mean', torch.tensor(mean, dtype=torch.float32).view(-1, 1, 1),
                             persistent=False)
        self.register_buffer('std', torch.tensor(std, dtype=torch.float32).view(-1, 1, 1),
                             persistent=False)
        self.channels_last = channels_last
        self.ignore_index = ignore_index

    def forward(self, data: dict, training: bool = False) -> dict:
        """Preprocess a batch, or each half of a domain pair."""
        if is_domain_pair(data):
            return dict(source=self.forward(data['source'], training),
                        target=self.forward(data['target'], training))
        if not isinstance(data, dict) or 'inputs' not in data:
            keys = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise KeyError(f'SegDataPreProcessor expects dict(inputs=..., data_samples=...) or '
                           f'dict(source=batch, target=batch), got {keys}; collate with '
                           "collate_fn=dict(type='seg_collate').")
        inputs, sizes = self._inputs(data['inputs'])
        samples = data.get('data_samples')
        if samples is not None:
            if len(samples) != len(inputs):
                raise ValueError(f'SegDataPreProcessor: {len(inputs)} inputs but {len(samples)} '
                                 'data_samples; collate both with seg_collate.')
            samples = [self._sample(sample, size, inputs.shape[-2:], training)
                       for sample, size in zip(samples, sizes)]
        return dict(data, inputs=inputs, data_samples=samples)

    def _normalise(self, images: torch.Tensor) -> torch.Tensor:
        """``(x - mean) / std`` on the device, for ``3 x H x W`` or ``N x 3 x H x W``."""
        if images.shape[-3] != len(self.mean):
            raise ValueError(f'SegDataPreProcessor: inputs have {images.shape[-3]} channels, '
                             f'mean/std have {len(self.mean)} (shape {tuple(images.shape)}).')
        images = images.to(self.device, non_blocking=True)
        return (images.float() - self.mean) / self.std

    def _inputs(self, inputs):
        """Normalised ``N x C x H x W`` float inputs and each image's own ``(H, W)``."""
        if isinstance(inputs, torch.Tensor):
            if inputs.dim() != 4:
                raise ValueError('SegDataPreProcessor: `inputs` must be N x 3 x H x W, got shape '
                                 f'{tuple(inputs.shape)}.')
            batch = self._normalise(inputs)
            sizes = [tuple(inputs.shape[-2:])] * len(inputs)
        elif isinstance(inputs, (list, tuple)) and inputs and all(
                isinstance(image, torch.Tensor) and image.dim() == 3 for image in inputs):
            sizes = [tuple(image.shape[-2:]) for image in inputs]
            height, width = max(h for h, _ in sizes), max(w for _, w in sizes)
            batch = torch.zeros(len(inputs), len(self.mean), height, width, device=self.device)
            for padded, image, (h, w) in zip(batch, inputs, sizes):
                padded[:, :h, :w] = self._normalise(image)
        else:
            raise TypeError('SegDataPreProcessor: `inputs` must be a tensor N x 3 x H x W or a '
                            'non-empty list of 3 x H x W tensors.')
        if self.channels_last:
            batch = batch.contiguous(memory_format=torch.channels_last)
        return batch, sizes

    def _sample(self, sample: dict, image_size, batch_size, training: bool) -> dict:
        """A copy of ``sample`` with ``gt_seg`` as int64 on the device (padded, see class)."""
        if 'gt_seg' not in sample:
            return sample
        label = sample['gt_seg'].to(self.device, non_blocking=True).long()
        pad_h, pad_w = batch_size[0] - label.shape[-2], batch_size[1] - label.shape[-1]
        if training and tuple(label.shape[-2:]) == image_size and (pad_h or pad_w):
            label = torch.nn.functional.pad(label, (0, pad_w, 0, pad_h), value=self.ignore_index)
        return dict(sample, gt_seg=label)
