"""``ClassificationDataset``: one image and one class index per sample, on mmengine's
``BaseDataset``.

A subclass reads its files in ``load_samples`` and returns the data infos, one per
sample: ``dict(img_path=...)`` for image files (decoded when the sample is fetched), or
``dict(index=i)`` into ``self.images`` (an ``N x H x W x C`` uint8 array held once, for
datasets that ship as one array file: idx, bz2, .mat), plus ``gt_label`` (an int in
``[0, K)``) where labels are loaded. When a sample is fetched the dataset puts its image
(RGB or grey, ``H x W x C`` uint8) in ``img`` with ``ori_shape = img_shape = (H, W)`` and
runs the pipeline, which ends with ``PackClsInputs``:

    dict(inputs=<uint8 C x H x W tensor>,
         data_samples=dict(gt_label=<int>, img_path=... | index=<int>, ori_shape, img_shape))

An image file that cannot be decoded completely (a truncated JPEG included) is skipped in
training and stops evaluation, as in the segmentation datasets
(``segda.datasets.base.SkipsUndecodable``, ``max_broken``).

Every sample must leave the pipeline with the input shape of the first one fetched: a file
of another size without a ``Resize`` in the pipeline stops with its name and size when it
is loaded (it would otherwise be zero-padded into a batch and fail inside the network).

``per_class=N`` keeps N samples of each class, drawn with ``per_class_seed`` (the few
labelled target images of a semi-supervised run, DANN JMLR 2016 Sec. 5.2.4: 10 per class).

``domain_label=1`` marks every sample as a target-domain image for a domain classifier
(``domain_label`` in its data samples, d_i of DANN's domain loss; 0 would mark source): the
labelled target images of a semi-supervised run travel in the source stream for the label
predictor and are seen as target by DANN's D (``segda.structures.domain_labels``). ``None``
(the default) adds nothing: a sample's domain is that of the stream it travels in.

``with_labels=False`` (an unlabelled target domain) leaves ``gt_label`` out. Labels are
still checked against the class range: a file that is wrong is wrong for every use.
``metainfo['classes']`` is the tuple of the K class names (``'0'`` ... ``'9'`` for digits).
"""
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
from mmengine.dataset import BaseDataset

from segda.registry import TRANSFORMS
from segda.structures import DOMAIN_LABELS
from segda.utils import check_choice

from ..base import SkipsUndecodable
from ..image_io import UnreadableImageError, read_image
from .labelled_subset import labelled_indices

DIGIT_CLASSES = tuple(str(digit) for digit in range(10))
DATA_GUIDE = 'See docs/datasets.md ("Classification datasets") for where to get it.'
DEFAULT_PIPELINE = (dict(type='PackClsInputs'),)


def require_path(path: str, owner: str, layout: str, folder: bool = False) -> None:
    """Raise FileNotFoundError naming ``path`` and the expected ``layout`` when it is absent."""
    exists = osp.isdir(path) if folder else osp.isfile(path)
    if not exists:
        what = 'folder' if folder else 'file'
        raise FileNotFoundError(f'{owner}: {what} not found: {path!r}. Expected layout: '
                                f'{layout}. {DATA_GUIDE}')


def check_labels(labels: Sequence[int], num_classes: int, owner: str, path: str) -> None:
    """Raise ValueError naming ``path`` when a label lies outside ``[0, num_classes)``."""
    labels = np.asarray(labels)
    bad = np.flatnonzero((labels < 0) | (labels >= num_classes))
    if bad.size:
        raise ValueError(f'{owner}: {path!r} has {bad.size} labels outside [0, {num_classes}) '
                         f'(the first is {labels[bad[0]]} at sample {bad[0]}); the file is '
                         f'corrupt or not this dataset. {DATA_GUIDE}')


def per_class_subset(infos: List[dict], per_class: int, seed: int, owner: str) -> List[dict]:
    """``per_class`` of the infos of each class (``gt_label``), drawn as the semi-supervised
    benchmarks draw their labels (:func:`labelled_indices`), kept in their order; a
    ValueError naming ``owner`` and a class with fewer samples."""
    try:
        kept = labelled_indices([info['gt_label'] for info in infos], per_class, seed)
    except ValueError as error:
        raise ValueError(f'{owner}: {error}') from None
    return [infos[i] for i in kept]


class ClassificationDataset(SkipsUndecodable, BaseDataset):
    """Base of the classification datasets (module docstring).

    Args:
        data_root: the dataset folder.
        pipeline: transforms (configs or callables) ending with ``PackClsInputs``; the
            default packs the image as it is.
        with_labels: False for unlabelled data (no ``gt_label`` in the samples).
        max_broken: the share of samples (default 1 %, at least one) whose image files may
            turn out undecodable in training, each skipped with a warning naming it.
        per_class: keep this many samples of each class (module docstring); None keeps all.
        per_class_seed: the seed of that draw.
        domain_label: 0 (source) or 1 (target) in every sample's ``domain_label`` (module
            docstring); None adds none.
        metainfo, test_mode, **kwargs: passed to ``mmengine.dataset.BaseDataset``
            (``indices`` keeps the first N samples or the listed ones, ``lazy_init``,
            ``serialize_data``).
    """

    METAINFO: dict = dict(classes=DIGIT_CLASSES)

    def __init__(self, data_root: str, pipeline: Sequence = DEFAULT_PIPELINE,
                 with_labels: bool = True, metainfo: Optional[dict] = None,
                 test_mode: bool = False, max_broken: float = 0.01,
                 per_class: Optional[int] = None, per_class_seed: int = 0,
                 domain_label: Optional[int] = None, **kwargs):
        if domain_label is not None:
            check_choice(f'{type(self).__name__}: domain_label', domain_label, DOMAIN_LABELS)
        self.with_labels = with_labels
        self.domain_label = domain_label
        self.per_class, self.per_class_seed = per_class, per_class_seed
        self.max_broken = max_broken
        self.broken_files = []
        self.first_input: Optional[tuple] = None  # (sample, size as read, input shape)
        self.images: Optional[np.ndarray] = None
        # Built through segda's registry, so a dataset also works outside a Runner.
        transforms = [TRANSFORMS.build(t) if isinstance(t, dict) else t for t in pipeline]
        super().__init__(data_root=data_root, pipeline=transforms, metainfo=metainfo,
                         test_mode=test_mode, **kwargs)

    @property
    def num_classes(self) -> int:
        return len(self._metainfo['classes'])

    def load_samples(self) -> List[dict]:
        """The data infos (module docstring), ``gt_label`` in every one; set ``self.images``
        for in-memory datasets."""
        raise NotImplementedError

    def load_data_list(self) -> List[dict]:
        """``load_samples`` (``per_class`` of each class when set), without ``gt_label``
        when ``with_labels`` is False, with ``domain_label`` when it is set."""
        infos = self.load_samples()
        if self.per_class is not None:
            infos = per_class_subset(infos, self.per_class, self.per_class_seed,
                                     type(self).__name__)
        if not self.with_labels:
            for info in infos:
                del info['gt_label']
        if self.domain_label is not None:
            for info in infos:
                info['domain_label'] = self.domain_label
        return infos

    def in_memory(self, images: np.ndarray, labels: Sequence[int]) -> List[dict]:
        """Keep ``images`` (``N x H x W`` or ``N x H x W x C`` uint8) and return one info per
        image: ``dict(index=i, gt_label=labels[i])``."""
        self.images = images[..., None] if images.ndim == 3 else images
        return [dict(index=i, gt_label=int(label)) for i, label in enumerate(labels)]

    def get_data_info(self, idx: int) -> dict:
        """The info of sample ``idx`` with its image in ``img`` when held in memory."""
        info = super().get_data_info(idx)
        if self.images is not None:
            info['img'] = self.images[info['index']].copy()
        return info

    def prepare_data(self, idx: int):
        """The sample's image in ``img`` (decoded from ``img_path`` when it is a file),
        ``ori_shape``/``img_shape``, then the pipeline; a file that cannot be decoded follows
        :class:`SkipsUndecodable` (in training: None, and another sample is drawn)."""
        info = self.get_data_info(idx)
        if 'img' not in info:
            try:
                info['img'] = read_image(info['img_path'])
            except UnreadableImageError as error:
                return self.skip_undecodable(error)
        info['ori_shape'] = info['img_shape'] = info['img'].shape[:2]
        sample = self.pipeline(info)
        self.check_input_shape(info, tuple(sample['inputs'].shape))
        return sample

    def check_input_shape(self, info: dict, shape: tuple) -> None:
        """Raise ValueError naming the sample (its file, or its index in the array file) and
        its size when its input ``shape`` differs from the first sample's (module
        docstring); remember the first."""
        where = info.get('img_path', f'sample {info.get("index")}')
        read = ' x '.join(map(str, info['ori_shape']))
        if self.first_input is None:
            self.first_input = (where, read, shape)
            return
        first, first_read, first_shape = self.first_input
        if shape != first_shape:
            raise ValueError(
                f'{type(self).__name__}: {where!r} ({read} as read) gives a '
                f'{" x ".join(map(str, shape))} input, but {first!r} ({first_read} as read) '
                f'gave {" x ".join(map(str, first_shape))}: a batch needs one input size; '
                "add dict(type='Resize', scale=(W, H)) to the pipeline before PackClsInputs, "
                'or replace the file.')
