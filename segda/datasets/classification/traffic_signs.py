"""Traffic signs, 43 classes: GTSRB (Stallkamp et al. 2012) and Syn Signs (Moiseev et al. 2013),
the pair of DANN JMLR 2016 Sec. 5.2.4 (Syn Signs -> GTSRB).

GTSRB, as its archives unpack (``GTSRB_Final_Training_Images.zip``,
``GTSRB_Final_Test_Images.zip``, and the test labels ``GTSRB_Final_Test_GT.zip``)::

    <data_root>/Final_Training/Images/<class, 00000..00042>/<name>.ppm
    <data_root>/Final_Training/Images/<class>/GT-<class>.csv    'Filename;...;ClassId' rows
    <data_root>/Final_Test/Images/<name>.ppm
    <data_root>/GT-final_test.csv          (or Final_Test/Images/GT-final_test.csv)

The csv files are ``;``-separated with a header naming the columns (``Filename``,
``Width``, ``Height``, ``Roi.X1`` ... ``Roi.Y2``, ``ClassId``); only ``Filename`` and
``ClassId`` are read. The test archive's own ``GT-final_test.test.csv`` has no ``ClassId``:
the labels come in the separate GT archive. DANN's protocol splits the 39,209 training
images: ``part='adapt'`` keeps ``num_adapt`` (31,367) drawn with ``split_seed`` for
unsupervised adaptation, ``part='held_out'`` the rest for evaluation, ``'all'`` everything.

Syn Signs, as ``synthetic_data.zip`` unpacks::

    <data_root>/train/<name>.png                  100,000 rendered signs
    <data_root>/train_labelling.txt               '<train/name.png> <class> <...>' per line

Only the first two fields of a line are read (the path, relative to ``data_root``, and the
class 0-42). The classes of both are named ``'0'`` ... ``'42'``, GTSRB's ``ClassId``.
"""
import csv
import os
import os.path as osp
from typing import List, Tuple

import numpy as np

from segda.registry import DATASETS
from segda.utils import check_choice

from .base import DATA_GUIDE, ClassificationDataset, check_labels, require_path
from .image_list import require_listed_images

TRAFFIC_SIGN_CLASSES = tuple(str(k) for k in range(43))


def read_gtsrb_csv(path: str, image_dir: str, owner: str) -> List[Tuple[str, int]]:
    """``(image path, class)`` of every row of a GTSRB annotation file (module docstring);
    a ValueError naming the file when a column is missing or a class is not a number."""
    with open(path, newline='', encoding='utf-8-sig') as file:
        rows = list(csv.DictReader(file, delimiter=';'))
    columns = set(rows[0]) if rows else set()
    if not {'Filename', 'ClassId'} <= columns:
        hint = (' The test archive\'s GT-final_test.test.csv has no labels: they are in '
                'GTSRB_Final_Test_GT.zip (GT-final_test.csv).') if 'Filename' in columns else ''
        raise ValueError(f'{owner}: {path!r} has no Filename and ClassId columns (it has '
                         f'{sorted(columns) or "no rows"}).{hint}')
    pairs = []
    for number, row in enumerate(rows, start=2):
        label = (row['ClassId'] or '').strip()
        if not label.isdigit():
            raise ValueError(f'{owner}: {path!r} line {number}: ClassId {label!r} is not a '
                             'class number 0-42.')
        pairs.append((osp.join(image_dir, row['Filename'].strip()), int(label)))
    return pairs


@DATASETS.register_module()
class GTSRBDataset(ClassificationDataset):
    """GTSRB (module docstring).

    Args:
        data_root: the folder holding ``Final_Training`` / ``Final_Test`` (e.g. ``data/gtsrb``).
        split: ``'train'`` (Final_Training) or ``'test'`` (Final_Test with its GT file).
        part: of the training images, ``'all'``, ``'adapt'`` (``num_adapt`` drawn with
            ``split_seed``) or ``'held_out'`` (the others); ``'all'`` only for ``'test'``.
        num_adapt: the adaptation part's size (31,367 in DANN).
        split_seed: the seed of the draw (the same for both parts, so they are disjoint).
        **kwargs: see :class:`ClassificationDataset`.
    """

    METAINFO = dict(classes=TRAFFIC_SIGN_CLASSES)
    PARTS = ('all', 'adapt', 'held_out')
    LAYOUT = ('<data_root>/Final_Training/Images/<class>/{*.ppm, GT-<class>.csv}; '
              '<data_root>/Final_Test/Images/*.ppm with <data_root>/GT-final_test.csv')

    def __init__(self, data_root: str, split: str = 'train', part: str = 'all',
                 num_adapt: int = 31367, split_seed: int = 0, **kwargs):
        check_choice('GTSRBDataset: split', split, ('train', 'test'))
        check_choice('GTSRBDataset: part', part, self.PARTS)
        if split == 'test' and part != 'all':
            raise ValueError("GTSRBDataset: part splits the training images; the test split "
                             "takes part='all'.")
        self.split, self.part = split, part
        self.num_adapt, self.split_seed = num_adapt, split_seed
        super().__init__(data_root=data_root, **kwargs)

    def load_samples(self) -> List[dict]:
        pairs = self._training_pairs() if self.split == 'train' else self._test_pairs()
        check_labels([label for _, label in pairs], self.num_classes, 'GTSRBDataset',
                     self.data_root)
        return [dict(img_path=path, gt_label=label) for path, label in self._part(pairs)]

    def _training_pairs(self) -> List[Tuple[str, int]]:
        images = osp.join(self.data_root, 'Final_Training', 'Images')
        require_path(images, 'GTSRBDataset', self.LAYOUT, folder=True)
        pairs = []
        for name in sorted(n for n in os.listdir(images) if osp.isdir(osp.join(images, n))):
            annotations = osp.join(images, name, f'GT-{name}.csv')
            require_path(annotations, 'GTSRBDataset', self.LAYOUT)
            found = read_gtsrb_csv(annotations, osp.join(images, name), 'GTSRBDataset')
            require_listed_images(found, 'GTSRBDataset', repr(annotations))
            pairs += found
        if not pairs:
            raise ValueError(f'GTSRBDataset: no class folder under {images!r}. Expected layout: '
                             f'{self.LAYOUT}. {DATA_GUIDE}')
        return pairs

    def _test_pairs(self) -> List[Tuple[str, int]]:
        images = osp.join(self.data_root, 'Final_Test', 'Images')
        require_path(images, 'GTSRBDataset', self.LAYOUT, folder=True)
        candidates = [osp.join(self.data_root, 'GT-final_test.csv'),
                      osp.join(images, 'GT-final_test.csv')]
        annotations = next((path for path in candidates if osp.isfile(path)), None)
        if annotations is None:
            raise FileNotFoundError(
                f'GTSRBDataset: the test labels GT-final_test.csv are at neither {candidates[0]!r} '
                f'nor {candidates[1]!r}: unpack GTSRB_Final_Test_GT.zip into {self.data_root!r}. '
                f'{DATA_GUIDE}')
        pairs = read_gtsrb_csv(annotations, images, 'GTSRBDataset')
        require_listed_images(pairs, 'GTSRBDataset', repr(annotations))
        return pairs

    def _part(self, pairs: List[Tuple[str, int]]) -> List[Tuple[str, int]]:
        """The pairs of ``part``: a seeded permutation's first ``num_adapt`` ('adapt') or the
        rest ('held_out'), each kept in file order."""
        if self.part == 'all':
            return pairs
        if not 0 < self.num_adapt < len(pairs):
            raise ValueError(f'GTSRBDataset: num_adapt={self.num_adapt} must leave images in both '
                             f'parts of the {len(pairs)} training images.')
        order = np.random.default_rng(self.split_seed).permutation(len(pairs))
        kept = order[:self.num_adapt] if self.part == 'adapt' else order[self.num_adapt:]
        return [pairs[i] for i in sorted(kept)]


@DATASETS.register_module()
class SynSignsDataset(ClassificationDataset):
    """Syn Signs (module docstring): ``data_root`` the unpacked ``synthetic_data`` folder."""

    METAINFO = dict(classes=TRAFFIC_SIGN_CLASSES)
    LAYOUT = ("<data_root>/train/*.png with <data_root>/train_labelling.txt "
              "('train/name.png class ...')")

    def load_samples(self) -> List[dict]:
        listing = osp.join(self.data_root, 'train_labelling.txt')
        require_path(listing, 'SynSignsDataset', self.LAYOUT)
        pairs = []
        with open(listing, encoding='utf-8-sig') as file:
            for number, line in enumerate(file, start=1):
                fields = line.split()
                if not fields:
                    continue
                if len(fields) < 2 or not fields[1].isdigit():
                    raise ValueError(f'SynSignsDataset: {listing!r} line {number} is '
                                     f'{line.strip()!r}; expected "train/name.png class ...".')
                pairs.append((osp.join(self.data_root, fields[0]), int(fields[1])))
        if not pairs:
            raise ValueError(f'SynSignsDataset: {listing!r} lists no image. {DATA_GUIDE}')
        require_listed_images(pairs, 'SynSignsDataset', repr(listing))
        check_labels([label for _, label in pairs], self.num_classes, 'SynSignsDataset', listing)
        return [dict(img_path=path, gt_label=label) for path, label in pairs]
