"""Cityscapes (Cordts et al.): real street scenes, fine annotations.

Layout under ``data_root``, for ``split`` in ``train``/``val``/``test`` (the test split's
published labels are placeholders: read it with ``with_labels=False``, e.g. for
``tools/test.py --format-only``):
``leftImg8bit/<split>/<city>/<name>_leftImg8bit.png`` and
``gtFine/<split>/<city>/<name>_gtFine_labelIds.png`` (label ids), or
``<name>_gtFine_labelTrainIds.png`` (trainIds, written by
``tools/convert_datasets/cityscapes.py --train-ids``). A stem is ``<city>/<name>``.
"""
from segda.registry import DATASETS
from segda.utils import check_choice

from .base import LABEL_FORMATS, PairLayout, SegDataset
from .cityscapes_labels import CITYSCAPES_METAINFO

CITYSCAPES_SPLITS = ('train', 'val', 'test')
LABELLED_SPLITS = ('train', 'val')  # the splits whose labels the converter checks
CITYSCAPES_LABEL_SUFFIXES = dict(labelIds='_gtFine_labelIds.png',
                                 trainIds='_gtFine_labelTrainIds.png')


def cityscapes_layout(split: str = 'train', label_format: str = 'labelIds') -> PairLayout:
    """Where the images and labels of a Cityscapes ``split`` live under the root."""
    check_choice('Cityscapes split', split, CITYSCAPES_SPLITS)
    check_choice('Cityscapes label_format', label_format, LABEL_FORMATS)
    return PairLayout(img_dir=f'leftImg8bit/{split}', img_suffix='_leftImg8bit.png',
                      seg_dir=f'gtFine/{split}',
                      seg_suffix=CITYSCAPES_LABEL_SUFFIXES[label_format])


@DATASETS.register_module()
class CityscapesDataset(SegDataset):
    """One Cityscapes split as a :class:`SegDataset`.

    Args:
        data_root: the folder holding ``leftImg8bit/`` and ``gtFine/``.
        split: ``'train'``, ``'val'`` or ``'test'`` (no real labels: ``with_labels=False``).
        pipeline: transforms ending with ``PackSegInputs``.
        label_format: ``'labelIds'`` (``*_gtFine_labelIds.png``) or ``'trainIds'``
            (``*_gtFine_labelTrainIds.png``).
        **kwargs: :class:`SegDataset` arguments (``split_file`` such as ``'val.txt'``,
            ``with_labels``, ``size_mismatch``, ``test_mode``, ...).
    """

    METAINFO = CITYSCAPES_METAINFO

    def __init__(self, data_root: str, split: str = 'train', pipeline=(),
                 label_format: str = 'labelIds', **kwargs):
        self.split = split
        super().__init__(data_root, layout=cityscapes_layout(split, label_format),
                         pipeline=pipeline, label_format=label_format, **kwargs)

    @property
    def default_split_file(self) -> str:
        """The split list ``tools/convert_datasets/cityscapes.py`` writes."""
        return f'{self.split}.txt'
