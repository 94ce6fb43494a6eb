"""GTA5 (Richter et al., "Playing for Data"): synthetic frames labelled with Cityscapes ids.

Layout under ``data_root``: ``images/<stem>.png`` and ``labels/<stem>.png`` (label ids,
palette PNGs), plus ``labels_trainids/<stem>.png`` once
``tools/convert_datasets/gta5.py --train-ids`` has written them. A few labels differ in
size from their image: see ``size_mismatch`` in :class:`segda.datasets.base.SegDataset`.
"""
from segda.registry import DATASETS
from segda.utils import check_choice

from .base import LABEL_FORMATS, PairLayout, SegDataset
from .cityscapes_labels import CITYSCAPES_METAINFO

GTA5_LABEL_DIRS = dict(labelIds='labels', trainIds='labels_trainids')


def gta5_layout(label_format: str = 'labelIds') -> PairLayout:
    """Where GTA5 images and labels (``'labelIds'`` or ``'trainIds'``) live under the root."""
    check_choice('GTA5 label_format', label_format, LABEL_FORMATS)
    return PairLayout(img_dir='images', img_suffix='.png',
                      seg_dir=GTA5_LABEL_DIRS[label_format], seg_suffix='.png')


@DATASETS.register_module()
class GTA5Dataset(SegDataset):
    """GTA5 as a :class:`SegDataset` (all pairs, or those of ``split_file``).

    Args:
        data_root: the folder holding ``images/`` and ``labels/``.
        pipeline: transforms ending with ``PackSegInputs``.
        label_format: ``'labelIds'`` reads ``labels/``; ``'trainIds'`` reads
            ``labels_trainids/`` (written by the converter).
        **kwargs: :class:`SegDataset` arguments (``split_file``, ``with_labels``,
            ``size_mismatch``, ``test_mode``, ...).
    """

    METAINFO = CITYSCAPES_METAINFO

    def __init__(self, data_root: str, pipeline=(), label_format: str = 'labelIds', **kwargs):
        super().__init__(data_root, layout=gta5_layout(label_format), pipeline=pipeline,
                         label_format=label_format, **kwargs)

    @property
    def default_split_file(self) -> str:
        """The split list ``tools/convert_datasets/gta5.py`` writes."""
        return 'train.txt'
