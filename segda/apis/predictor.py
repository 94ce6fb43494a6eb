"""A trained model as a function: RGB images of any size -> train-id maps of the same size.

``Predictor(cfg, checkpoint)`` loads the config's model with :func:`init_model` (the
checkpoint only when its weights fit, as ``tools/test.py``) and prepares each image with
the config's test pipeline minus its file readers (``LoadImage``, ``LoadLabel``): images
come as arrays (files, video frames). The logits are computed as the model's ``test_cfg``
says (whole image, or MMSeg's sliding window) and resized back to the image before the
argmax (``Segmentor.postprocess``).
"""
import copy
from typing import Optional, Sequence, Tuple

import numpy as np
import torch

from segda.datasets.collate import seg_collate
from segda.registry import DATASETS, TRANSFORMS

from .inference import default_device, init_model
from .task_kind import require_task_kind

# Pipeline steps that read files: the Predictor is handed decoded images instead.
FILE_READERS = ('LoadImage', 'LoadLabel')


def slide_test_cfg(crop_w: int, crop_h: int, stride_w: int, stride_h: int) -> dict:
    """``Segmentor.test_cfg`` of MMSeg's sliding window, sizes as ``(W, H)``."""
    return dict(mode='slide', crop_size=(crop_w, crop_h), stride=(stride_w, stride_h))


def dataset_metainfo(dataset_cfg) -> dict:
    """The label space of a dataset config without reading its files: the class's
    ``METAINFO`` updated with the config's ``metainfo``."""
    dataset_type = dataset_cfg.get('type')
    dataset_class = DATASETS.get(dataset_type) if isinstance(dataset_type, str) else dataset_type
    meta = dict(getattr(dataset_class, 'METAINFO', None) or {})
    meta.update(dataset_cfg.get('metainfo') or {})
    return meta


class Predictor:
    """Predict train-id maps with the model of ``cfg`` and the weights of ``checkpoint``.

    Args:
        cfg: a loaded config (``segda.apis.load_config``) with ``model`` and a
            ``test_dataloader`` (its dataset gives the pipeline and the label space).
        checkpoint: a checkpoint of that model (``tools/train.py``'s ``iter_N.pth``).
        device: ``'cuda'``, ``'cpu'``, ... (default: the GPU when there is one).
        test_cfg: replaces the task's ``test_cfg`` (e.g. :func:`slide_test_cfg`).

    A config whose task is not a segmentation model is refused (ValueError) before the
    model is built.

    ``metainfo`` is the test dataset's label space (``classes``, ``palette``, ...).
    """

    def __init__(self, cfg, checkpoint: str, device: Optional[str] = None,
                 test_cfg: Optional[dict] = None):
        require_task_kind(cfg, 'tools/infer.py (segda.apis.Predictor)',
                          hint='Score it with tools/test.py CONFIG CHECKPOINT.')
        if test_cfg is not None:
            cfg = copy.deepcopy(cfg)
            (cfg.model.task if 'task' in cfg.model else cfg.model).test_cfg = test_cfg
        self.device = device or default_device()
        self.model = init_model(cfg, checkpoint, self.device)
        dataset_cfg = cfg.test_dataloader.dataset
        self.metainfo = dataset_metainfo(dataset_cfg)
        self.pipeline = [TRANSFORMS.build(t) for t in dataset_cfg.get('pipeline', [])
                         if str(t.get('type', '')).split('.')[-1] not in FILE_READERS]

    def __call__(self, images: Sequence[Tuple[str, np.ndarray]]) -> list:
        """``H x W`` uint8 train-id maps of ``images``, each a ``(name, H x W x 3 uint8 RGB
        array)``, in one batch (``name`` is only carried along, as ``img_path``)."""
        samples = []
        for name, image in images:
            results = dict(img=image, img_path=name, ori_shape=image.shape[:2],
                           img_shape=image.shape[:2])
            for transform in self.pipeline:
                results = transform(results)
            samples.append(results)
        with torch.inference_mode():
            outputs = self.model.test_step(seg_collate(samples))
        return [output['pred_seg'].to(torch.uint8).cpu().numpy() for output in outputs]
