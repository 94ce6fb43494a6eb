"""``PackReIDInputs``: the last transform of a re-ID pipeline (registered in TRANSFORMS)."""
import numpy as np
import torch

from segda.registry import TRANSFORMS

# The data info fields a re-ID sample carries (those present are packed).
SAMPLE_FIELDS = ('img_path', 'person_id', 'camera_id', 'split', 'id_label')


@TRANSFORMS.register_module()
class PackReIDInputs:
    """Pack a sample as ``dict(inputs=<uint8 3 x H x W tensor>, data_samples=dict(...))``.

    ``data_samples`` holds ``img_path``, ``camera_id``, ``split``, ``ori_shape``,
    ``img_shape`` and, for labelled data, ``person_id`` (and ``id_label`` for training
    images); see ``segda/datasets/reid/base.py``.
    """

    def __call__(self, results: dict) -> dict:
        if 'img' not in results:
            raise KeyError('PackReIDInputs: no image in the sample; start the pipeline with '
                           "dict(type='LoadImage').")
        inputs = torch.from_numpy(np.ascontiguousarray(results['img'].transpose(2, 0, 1)))
        sample = {key: results[key] for key in SAMPLE_FIELDS if key in results}
        sample.update(ori_shape=tuple(results['ori_shape']), img_shape=tuple(results['img_shape']))
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return 'PackReIDInputs()'
