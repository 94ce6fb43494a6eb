"""``SegDataset``: a folder of images and their label maps, on mmengine's ``BaseDataset``.

A :class:`PairLayout` says where the files of one split are: the image of *stem* ``s`` is
``<data_root>/<img_dir>/<s><img_suffix>`` and its label ``<data_root>/<seg_dir>/<s><seg_suffix>``
(a stem may contain sub-folders, e.g. a Cityscapes city). The stems come from a split file
(one stem a line, written by ``tools/convert_datasets/*.py``) or, without one, from a scan
of the image folder.

At init every image/label pair is checked from the file headers only (no decoding), and
a label whose size differs from its image's is handled by the ``size_mismatch`` policy:
``'resize'`` (``LoadLabel`` resizes it to the image with nearest neighbour), ``'skip'``
(the pair is dropped) or ``'error'``. The number of mismatches is logged once.
"""
import logging
import os
import os.path as osp
from dataclasses import dataclass
from typing import List, Optional, Sequence, Union

from mmengine.dataset import BaseDataset
from mmengine.logging import print_log

from segda.registry import DATASETS, TRANSFORMS
from segda.utils import check_choice

from .image_io import UnreadableImageError, image_size
from .label_space import check_metainfo, label_table, valid_train_ids

LABEL_FORMATS = ('labelIds', 'trainIds')
SIZE_MISMATCH_POLICIES = ('resize', 'skip', 'error')
DATA_HINT = ('See docs/datasets.md for the folder layout and how to get GTA5, SYNTHIA and '
             'Cityscapes, or make the small embedded SynthCity with '
             '`python tools/make_synthcity.py --out data/synthcity`.')
NAMES_SHOWN = 5  # how many file names an error or log message lists


def first_names(names: Sequence[str]) -> str:
    """The first few of ``names`` for a message, with the count of the rest."""
    shown = ', '.join(names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    return shown + (f' ... and {rest} more' if rest > 0 else '')


def require_dir(path: str, what: str) -> None:
    """Raise FileNotFoundError naming ``path`` (and the data guide) when it is not a folder."""
    if not osp.isdir(path):
        raise FileNotFoundError(f'{what} not found: {path!r}. {DATA_HINT}')


@dataclass(frozen=True)
class PairLayout:
    """Where the images and labels of one split live, relative to a data root."""

    img_dir: str
    img_suffix: str
    seg_dir: str
    seg_suffix: str

    def img_path(self, root: str, stem: str) -> str:
        return osp.join(root, self.img_dir, stem + self.img_suffix)

    def seg_path(self, root: str, stem: str) -> str:
        return osp.join(root, self.seg_dir, stem + self.seg_suffix)

    def scan_stems(self, root: str) -> List[str]:
        """Sorted stems of every ``*<img_suffix>`` file under ``<root>/<img_dir>`` (recursive).

        Raises FileNotFoundError naming the folder when it is missing or holds no image.
        """
        folder = osp.join(root, self.img_dir)
        require_dir(folder, 'image folder')
        stems = []
        for parent, _, files in os.walk(folder):
            prefix = osp.relpath(parent, folder)
            for name in files:
                if name.endswith(self.img_suffix):
                    stem = name[:-len(self.img_suffix)]
                    stems.append(stem if prefix == '.' else f'{prefix}/{stem}'.replace(os.sep, '/'))
        if not stems:
            raise FileNotFoundError(f'no *{self.img_suffix} image in {folder!r}. {DATA_HINT}')
        return sorted(stems)


def read_split_file(path: str) -> List[str]:
    """The stems listed in a split file, one a line (blank lines ignored; a UTF-8 byte-order
    mark, as some editors write, is not part of the first stem)."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'split file not found: {path!r}. Split files are written by '
                                f'tools/convert_datasets/*.py; or set split_file=None to scan '
                                f'the folders. {DATA_HINT}')
    with open(path, encoding='utf-8-sig') as file:
        stems = [line.strip() for line in file if line.strip()]
    if not stems:
        raise ValueError(f'split file {path!r} lists no stem; re-run tools/convert_datasets/*.py.')
    return stems


def write_split_file(path: str, stems: Sequence[str]) -> None:
    """Write ``stems`` to ``path``, one a line."""
    with open(path, 'w', encoding='utf-8') as file:
        file.writelines(f'{stem}\n' for stem in stems)


class SkipsUndecodable:
    """The policy of a dataset that decodes files when a sample is fetched (segmentation,
    classification image files, re-ID) for one that cannot be decoded: in evaluation
    (``test_mode``) the error stands; in training the sample is skipped (``prepare_data``
    returns None, so mmengine's ``BaseDataset`` draws another) with a warning naming the
    file, until more than ``max_broken`` of the samples (a share, at least one sample) have
    been skipped, when the run stops listing them. The dataset sets ``max_broken`` and an
    empty ``broken_files`` list at init; the count is per dataloader worker."""

    def prepare_data(self, idx: int):
        """The pipeline's sample, or the policy's (class docstring) when a file cannot be
        decoded: in training None, and another sample is drawn."""
        try:
            return super().prepare_data(idx)
        except UnreadableImageError as error:
            return self.skip_undecodable(error)

    def skip_undecodable(self, error: UnreadableImageError) -> None:
        """Apply the policy (class docstring) to ``error``: raise it, raise the list, or
        warn and return None."""
        if self.test_mode:
            raise error
        self.broken_files.append(str(error))
        cap = max(1, int(self.max_broken * len(self)))
        if len(self.broken_files) > cap:
            raise RuntimeError(
                f'{type(self).__name__} ({self.data_root}): {len(self.broken_files)} '
                f'undecodable samples, more than max_broken={self.max_broken} of '
                f'{len(self)} allows; re-download or re-extract them (for GTA5, SYNTHIA and '
                'Cityscapes, tools/convert_datasets/*.py lists and excludes them): '
                + '; '.join(self.broken_files)) from error
        print_log(f'skipped an undecodable sample ({len(self.broken_files)} of at most '
                  f'{cap}): {error}', logger='current', level=logging.WARNING)


@DATASETS.register_module()
class SegDataset(SkipsUndecodable, BaseDataset):
    """Image/label pairs laid out by a :class:`PairLayout`; one data info per pair.

    Args:
        data_root: the dataset folder.
        layout: a :class:`PairLayout` or a dict of its fields.
        pipeline: transforms (configs or callables), ending with ``PackSegInputs``.
        split_file: a list of stems (relative to ``data_root`` unless absolute); ``None``
            scans the image folder; ``'auto'`` (default) reads the list the converter
            wrote (``default_split_file``, e.g. GTA5's ``train.txt``) when it exists, so
            the pairs it rejected are left out, and scans otherwise.
        max_broken: the share of samples (default 1 %, at least one sample) whose files may
            turn out undecodable during training: each is skipped with a warning naming it
            (another sample is drawn), and one more stops the run with the list
            (:class:`SkipsUndecodable`).
        with_labels: False for unlabelled data (no ``seg_path``, no label checks).
        label_format: ``'labelIds'`` (raw ids, mapped to train ids through
            ``metainfo['label_map']`` when loaded) or ``'trainIds'`` (read as they are).
        metainfo: the label space (``segda/datasets/label_space.py``): ``classes``,
            ``palette``, ``label_map``, ``ignore_index``; a subclass declares its own in
            ``METAINFO`` (GTA5 and Cityscapes: the 19 Cityscapes classes).
        size_mismatch: ``'resize'``, ``'skip'`` or ``'error'`` for a label whose size
            differs from its image's (module docstring).
        test_mode, **kwargs: passed to ``mmengine.dataset.BaseDataset`` (``lazy_init``,
            ``serialize_data``, ``indices``, ``max_refetch``).

    Each data info holds ``img_path`` and, with labels, ``seg_path``, ``label_table`` (the
    raw -> train id lookup, None for trainIds; attached when an item is fetched, not
    stored per sample) and (policy ``'resize'``) ``label_size_mismatch``.
    """

    METAINFO: dict = {}

    def __init__(self, data_root: str, layout: Union[PairLayout, dict], pipeline: Sequence = (),
                 split_file: Optional[str] = 'auto', with_labels: bool = True,
                 label_format: str = 'labelIds', size_mismatch: str = 'resize',
                 test_mode: bool = False, max_broken: float = 0.01, **kwargs):
        check_choice(f'{type(self).__name__}: label_format', label_format, LABEL_FORMATS)
        check_choice(f'{type(self).__name__}: size_mismatch', size_mismatch, SIZE_MISMATCH_POLICIES)
        self.layout = layout if isinstance(layout, PairLayout) else PairLayout(**layout)
        self.split_file = split_file
        self.max_broken = max_broken
        self.broken_files = []
        self.with_labels = with_labels
        self.label_format = label_format
        self.size_mismatch = size_mismatch
        self.label_table = self.label_valid = None
        # Built through segda's registry, so a dataset also works outside a Runner (whose
        # default scope 'segda' mmengine's own Compose would otherwise need).
        transforms = [TRANSFORMS.build(t) if isinstance(t, dict) else t for t in pipeline]
        super().__init__(data_root=data_root, pipeline=transforms, test_mode=test_mode, **kwargs)

    def load_data_list(self) -> List[dict]:
        """One data info per pair, after the label-space, existence and size checks (module
        docstring)."""
        name = type(self).__name__
        check_metainfo(self.metainfo, name)
        if self.with_labels and self.label_format == 'labelIds':
            if 'label_map' not in self.metainfo:
                raise ValueError(f"{name}: label_format='labelIds' needs metainfo['label_map'] "
                                 "(raw id -> train id); use label_format='trainIds' for labels "
                                 'that hold train ids already.')
            self.label_table = label_table(self.metainfo)
        # Raw ids go through the table, which maps into the label space; train ids are checked.
        self.label_valid = valid_train_ids(self.metainfo) if self.label_table is None else None
        require_dir(self.data_root, f'{name}: data_root')
        require_dir(osp.join(self.data_root, self.layout.img_dir), f'{name}: image folder')
        if self.with_labels:
            require_dir(osp.join(self.data_root, self.layout.seg_dir), f'{name}: label folder')
        split_file = self._split_file()
        if split_file is None:
            stems = self.layout.scan_stems(self.data_root)
        else:
            stems = read_split_file(osp.join(self.data_root, split_file))
            print_log(f'{name} ({self.data_root}): the {len(stems)} pairs of {split_file}',
                      logger='current')
            self._require_files([self.layout.img_path(self.data_root, s) for s in stems], 'images')
        infos = [dict(img_path=self.layout.img_path(self.data_root, stem)) for stem in stems]
        if not self.with_labels:
            return infos
        for info, stem in zip(infos, stems):
            info['seg_path'] = self.layout.seg_path(self.data_root, stem)
        self._require_files([info['seg_path'] for info in infos], 'labels')
        return self._apply_size_policy(infos)

    @property
    def default_split_file(self) -> Optional[str]:
        """The split list the dataset's converter writes (None: it has none)."""
        return None

    def _split_file(self) -> Optional[str]:
        """``split_file``, with ``'auto'`` resolved (class docstring)."""
        if self.split_file != 'auto':
            return self.split_file
        default = self.default_split_file
        if default is not None and osp.isfile(osp.join(self.data_root, default)):
            return default
        return None

    def get_data_info(self, idx: int) -> dict:
        """The data info of sample ``idx`` with the dataset's ``label_table`` (shared, not
        copied into every serialised info)."""
        info = super().get_data_info(idx)
        if self.with_labels:
            info['label_table'] = self.label_table
            info['label_valid'] = self.label_valid
        return info

    def _require_files(self, paths: List[str], what: str) -> None:
        """Raise FileNotFoundError listing the missing ones of ``paths``."""
        missing = [path for path in paths if not osp.isfile(path)]
        if missing:
            raise FileNotFoundError(
                f'{type(self).__name__}: {len(missing)} {what} missing under {self.data_root!r}: '
                f'{first_names(missing)}. Re-extract the dataset or re-run '
                f'tools/convert_datasets/*.py to rewrite the split lists. {DATA_HINT}')

    def _apply_size_policy(self, infos: List[dict]) -> List[dict]:
        """Compare image and label sizes (headers only) and apply ``size_mismatch``."""
        mismatched = [image_size(info['img_path']) != image_size(info['seg_path'])
                      for info in infos]
        names = [info['seg_path'] for info, bad in zip(infos, mismatched) if bad]
        if names and self.size_mismatch == 'error':
            raise ValueError(
                f"{type(self).__name__}: {len(names)} labels differ in size from their image "
                f"(size_mismatch='error'): {first_names(names)}. Use size_mismatch='resize' or "
                "'skip', or fix the files (tools/convert_datasets/*.py lists them all).")
        if names:
            action = ('resized to their image (nearest neighbour) when loaded'
                      if self.size_mismatch == 'resize' else 'skipped')
            print_log(f'{type(self).__name__} ({self.data_root}): {len(names)} of {len(infos)} '
                      f"labels differ in size from their image, {action} "
                      f"(size_mismatch={self.size_mismatch!r}): {first_names(names)}",
                      logger='current', level=logging.WARNING)
        if self.size_mismatch == 'skip':
            return [info for info, bad in zip(infos, mismatched) if not bad]
        for info, bad in zip(infos, mismatched):
            info['label_size_mismatch'] = bad
        return infos
