"""Transforms of classification samples (dict in, dict out, registered in ``TRANSFORMS``).

Keys: ``img`` (uint8 ``H x W x C``, C = 1 for grey digits, 3 for RGB), ``ori_shape`` and
``img_shape`` (``(H, W)``), ``gt_label`` (int, when labels are loaded), ``img_path``
(image files) or ``index`` (datasets held in memory), ``domain_label`` (0 source, 1 target:
the dataset's ``domain_label`` when set). The segmentation transforms
``Resize``, ``RandomCrop``, ``RandomFlip`` and ``ColorJitter`` act on ``img`` alone when a
sample has no ``gt_seg``, so they serve classification pipelines as they are.
"""
import numpy as np
import torch

from segda.registry import TRANSFORMS

PACKED_FIELDS = ('img_path', 'index', 'gt_label', 'domain_label')


@TRANSFORMS.register_module()
class GreyToRGB:
    """Repeat a grey ``H x W x 1`` image to ``H x W x 3`` (networks built for colour digits,
    e.g. MNIST -> MNIST-M); a colour image passes unchanged."""

    def __call__(self, results: dict) -> dict:
        image = results['img']
        if image.ndim == 2:
            image = image[..., None]
        if image.shape[2] == 1:
            results['img'] = np.repeat(image, 3, axis=2)
        return results

    def __repr__(self) -> str:
        return 'GreyToRGB()'


@TRANSFORMS.register_module()
class RGBToGrey:
    """Average the channels of a colour ``H x W x 3`` image to ``H x W x 1`` (networks built
    for grey digits, e.g. ADR's USPS <-> MNIST LeNet fed an MNIST-M image); a grey image
    passes unchanged."""

    def __call__(self, results: dict) -> dict:
        image = results['img']
        if image.ndim == 2:
            image = image[..., None]
        if image.shape[2] != 1:
            image = np.rint(image.mean(axis=2, keepdims=True)).astype(np.uint8)
        results['img'] = image
        return results

    def __repr__(self) -> str:
        return 'RGBToGrey()'


@TRANSFORMS.register_module()
class PackClsInputs:
    """Pack a sample as ``dict(inputs=<uint8 C x H x W tensor>, data_samples=dict(...))``.

    ``data_samples`` holds ``ori_shape``, ``img_shape`` and, when present, ``img_path``,
    ``index``, ``gt_label`` (an int) and ``domain_label``.
    """

    def __call__(self, results: dict) -> dict:
        if 'img' not in results:
            raise KeyError('PackClsInputs: no image in the sample; use it in the pipeline of a '
                           'segda classification dataset, which puts the image in `img`.')
        image = results['img']
        if image.ndim == 2:
            image = image[..., None]
        inputs = torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1)))
        sample = dict(ori_shape=tuple(results['ori_shape']), img_shape=tuple(image.shape[:2]))
        sample.update({key: results[key] for key in PACKED_FIELDS if key in results})
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return 'PackClsInputs()'
