"""SYNTHIA-RAND-CITYSCAPES (Ros et al., CVPR 2016): synthetic street scenes, labelled.

Layout under ``data_root``: ``RGB/<stem>.png`` (9,400 frames, 1280 x 760) and
``GT/LABELS/<stem>.png`` (16-bit, 3 channels, the SYNTHIA class id in the first one:
``segda/datasets/synthia_labels.py``), plus ``GT/LABELS/<stem>_labelTrainIds.png`` (uint8
Cityscapes train ids) and ``train.txt`` once ``tools/convert_datasets/synthia.py
--train-ids`` has written them. ``GT/COLOR`` (a colour rendering of the labels) and
``Depth`` are not read.
"""
from segda.registry import DATASETS
from segda.utils import check_choice

from .base import LABEL_FORMATS, PairLayout, SegDataset
from .synthia_labels import SYNTHIA_METAINFO, read_synthia_label

SYNTHIA_LABEL_SUFFIXES = dict(labelIds='.png', trainIds='_labelTrainIds.png')


def synthia_layout(label_format: str = 'labelIds') -> PairLayout:
    """Where SYNTHIA images and labels (``'labelIds'``: SYNTHIA's 16-bit ids, or
    ``'trainIds'``: the converter's) live under the root."""
    check_choice('SYNTHIA label_format', label_format, LABEL_FORMATS)
    return PairLayout(img_dir='RGB', img_suffix='.png', seg_dir='GT/LABELS',
                      seg_suffix=SYNTHIA_LABEL_SUFFIXES[label_format])


@DATASETS.register_module()
class SynthiaDataset(SegDataset):
    """SYNTHIA-RAND-CITYSCAPES as a :class:`SegDataset` in the Cityscapes label space (the
    19 classes, so that it pairs with Cityscapes; terrain, truck and train have no pixel).

    Args:
        data_root: the folder holding ``RGB/`` and ``GT/LABELS/``.
        pipeline: transforms ending with ``PackSegInputs``.
        label_format: ``'labelIds'`` reads SYNTHIA's ``GT/LABELS/<stem>.png`` (the class id
            channel, mapped to train ids when loaded); ``'trainIds'`` reads the
            converter's ``GT/LABELS/<stem>_labelTrainIds.png`` as they are.
        **kwargs: :class:`SegDataset` arguments (``split_file``: by default the
            converter's ``train.txt`` when it exists, else a scan of ``RGB/``;
            ``with_labels``, ``size_mismatch``, ``test_mode``, ...).
    """

    METAINFO = SYNTHIA_METAINFO

    def __init__(self, data_root: str, pipeline=(), label_format: str = 'labelIds', **kwargs):
        super().__init__(data_root, layout=synthia_layout(label_format), pipeline=pipeline,
                         label_format=label_format, **kwargs)

    @property
    def default_split_file(self) -> str:
        """The split list ``tools/convert_datasets/synthia.py`` writes."""
        return 'train.txt'

    def get_data_info(self, idx: int) -> dict:
        """The data info of sample ``idx``; SYNTHIA's own labels are read with
        ``read_synthia_label`` (their id channel), the converter's as grey PNGs."""
        info = super().get_data_info(idx)
        if self.with_labels and self.label_format == 'labelIds':
            info['label_reader'] = read_synthia_label
        return info
