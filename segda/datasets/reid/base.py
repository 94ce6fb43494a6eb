"""``ReIDDataset``: person images with an identity and a camera, split by a seeded protocol.

A subclass knows one published layout: :meth:`ReIDDataset.scan` lists every image of the
folder as a :class:`ReIDImage` (path, person id, camera id, parsed from the file name),
and :meth:`ReIDDataset.partition` applies the dataset's protocol: which identities train
(drawn with ``numpy.random.default_rng(split_seed)``), which images are probes (query)
and which the gallery. ``split`` selects one part:

- ``'train'``: the training images (labelled: ``person_id``, ``id_label``);
- ``'query'`` / ``'gallery'``: the probes / the gallery of the test identities;
- ``'test'``: query then gallery in one dataset, each item's ``split`` field saying which,
  so one val dataloader feeds ``ReIDMetric``.

The same ``data_root`` and ``split_seed`` give the same partition in every process and
every split, so no test identity is trained on. :meth:`write_split_record` writes the
seed and the membership (identities and image paths of every part) as JSON.

A query split (``'query'``, ``'test'``) checks at build time that its probes can be
scored: ``ReIDMetric`` counts a query only when the gallery holds an image of its person
from another camera, so a split where no query has one is an error naming the folders,
and one where some have none a warning saying how many count.

An image file that cannot be decoded completely (a truncated JPEG included) is skipped in
training and stops evaluation, as in the segmentation datasets
(``segda.datasets.base.SkipsUndecodable``, ``max_broken``).

Each data info holds ``img_path``, ``camera_id``, ``split`` and, with labels,
``person_id`` and, for training images, ``id_label`` (the position of the identity among
the sorted training identities, the target of an identity classifier).
``metainfo['identities']`` is the number of distinct identities of the split.
"""
import json
import logging
import os
import os.path as osp
from abc import abstractmethod
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.dataset import BaseDataset
from mmengine.dist import is_main_process
from mmengine.logging import print_log

from segda.registry import TRANSFORMS
from segda.utils import check_choice

from ..base import SkipsUndecodable, first_names

SPLITS = ('train', 'query', 'gallery', 'test')
PARTS = ('train', 'query', 'gallery')
JUNK_ID = -1  # a junk box (Market-1501): never a query nor a match (ReIDMetric)
REID_HINT = ('See docs/datasets.md for the re-ID layouts, or make the embedded pedestrians '
             'with `python tools/make_pedestrians.py --out data/pedestrians_demo`.')
# The DML input size (Yi et al. 2014): 128 rows x 48 columns; Resize takes (W, H).
DEFAULT_PIPELINE = (dict(type='LoadImage'), dict(type='Resize', scale=(48, 128)),
                    dict(type='PackReIDInputs'))


@dataclass(frozen=True)
class ReIDImage:
    """One image of a re-ID folder: its path, the person's identity and the camera."""

    path: str
    person_id: int
    camera_id: int


def require_layout(folder: str, owner: str, layout: str) -> None:
    """Raise FileNotFoundError naming ``folder`` and the expected ``layout`` when absent."""
    if not osp.isdir(folder):
        raise FileNotFoundError(f'{owner}: folder not found: {folder!r}; expected the layout '
                                f'{layout}. {REID_HINT}')


def list_images(folder: str, suffix: str, owner: str, layout: str) -> List[str]:
    """Sorted names of the ``*suffix`` files in ``folder`` (not recursive); an error naming
    the folder and the layout when it is missing or holds none."""
    require_layout(folder, owner, layout)
    names = sorted(name for name in os.listdir(folder) if name.lower().endswith(suffix))
    if not names:
        raise FileNotFoundError(f'{owner}: no *{suffix} image in {folder!r}; expected the '
                                f'layout {layout}. {REID_HINT}')
    return names


def unparsable(owner: str, path: str, pattern: str) -> ValueError:
    """The error for a file name that does not follow the dataset's naming."""
    return ValueError(f'{owner}: cannot parse the file name {path!r}: expected {pattern}. '
                      'Remove or rename the file (the name carries the identity and camera).')


def draw_identities(identities: Sequence[int], num: int, seed: int, owner: str,
                    what: str) -> List[int]:
    """``num`` of ``identities`` drawn without replacement by
    ``default_rng(seed).permutation(sorted(identities))[:num]``, sorted.

    Raises ValueError naming both numbers when ``num`` is not in ``[1, len - 1]`` (the
    rest must keep at least one identity for testing)."""
    pool = sorted(set(identities))
    if not isinstance(num, int) or isinstance(num, bool) or not 0 < num < len(pool):
        raise ValueError(f'{owner}: {what} asks for {num!r} training identities, but there are '
                         f'{len(pool)}; it must be at least 1 and leave at least one for '
                         'testing.')
    drawn = np.random.default_rng(seed).permutation(np.array(pool))[:num]
    return sorted(int(i) for i in drawn)


def identities_in_both(images: List[ReIDImage], owner: str,
                       names: Sequence[str] = ('camera A', 'camera B')) -> List[int]:
    """Identities seen by camera 0 and camera 1; a ValueError naming the first identities
    seen by one camera only."""
    seen = [{image.person_id for image in images if image.camera_id == camera}
            for camera in (0, 1)]
    for camera, (own, other) in enumerate(((seen[0], seen[1]), (seen[1], seen[0]))):
        alone = sorted(own - other)
        if alone:
            raise ValueError(f'{owner}: identities {alone[:5]} have an image in {names[camera]} '
                             f'but none in {names[1 - camera]}; every identity needs both.')
    return sorted(seen[0])


def queries_without_match(query: List[ReIDImage], gallery: List[ReIDImage]) -> List[ReIDImage]:
    """The queries (junk aside) with no gallery image of their person from another camera:
    the ones ``ReIDMetric`` skips (same rule)."""
    cameras = defaultdict(set)
    for image in gallery:
        if image.person_id != JUNK_ID:
            cameras[image.person_id].add(image.camera_id)
    return [image for image in query if image.person_id != JUNK_ID
            and not cameras[image.person_id] - {image.camera_id}]


def folders_of(images: List[ReIDImage]) -> str:
    """The folders holding ``images``, for a message."""
    return first_names([repr(folder) for folder in sorted({osp.dirname(i.path) for i in images})])


class ReIDDataset(SkipsUndecodable, BaseDataset):
    """Base of the re-ID datasets (module docstring).

    Args:
        data_root: the dataset folder, in the layout of the subclass.
        split: ``'train'``, ``'query'``, ``'gallery'`` or ``'test'`` (query + gallery).
        split_seed: seed of the random choice of training identities.
        pipeline: transforms (configs or callables) ending with ``PackReIDInputs``;
            default: load, resize to 128 x 48, pack.
        with_labels: False drops ``person_id`` and ``id_label`` (unlabelled target data;
            ``DomainPairDataset`` sets it for its target).
        split_record: a ``.json`` path or a folder; when given, the split's record is
            written there once the dataset is loaded (:meth:`write_split_record`).
        max_broken: the share of samples (default 1 %, at least one) whose image files may
            turn out undecodable in training, each skipped with a warning naming it.
        test_mode, **kwargs: passed to ``mmengine.dataset.BaseDataset``.
    """

    METAINFO: dict = dict()
    LAYOUT = ''  # the expected folder layout, for error messages

    def __init__(self, data_root: str, split: str = 'train', split_seed: int = 0,
                 pipeline: Sequence = DEFAULT_PIPELINE, with_labels: bool = True,
                 split_record: Optional[str] = None, test_mode: bool = False,
                 max_broken: float = 0.01, **kwargs):
        check_choice(f'{type(self).__name__}: split', split, SPLITS)
        if not isinstance(split_seed, int) or isinstance(split_seed, bool) or split_seed < 0:
            raise ValueError(f'{type(self).__name__}: split_seed must be an int >= 0, got '
                             f'{split_seed!r}')
        self.split = split
        self.split_seed = split_seed
        self.with_labels = with_labels
        self.split_record = split_record
        self.max_broken = max_broken
        self.broken_files = []
        self.parts: Dict[str, List[ReIDImage]] = {}
        transforms = [TRANSFORMS.build(t) if isinstance(t, dict) else t for t in pipeline]
        super().__init__(data_root=data_root, pipeline=transforms, test_mode=test_mode, **kwargs)

    @abstractmethod
    def scan(self) -> List[ReIDImage]:
        """Every image of ``data_root`` with the identity and camera its name carries."""

    @abstractmethod
    def partition(self, images: List[ReIDImage]) -> Dict[str, List[ReIDImage]]:
        """The protocol: ``dict(train=[...], query=[...], gallery=[...])`` of ``images``."""

    def load_data_list(self) -> List[dict]:
        """Scan, partition, keep the split's images; set ``metainfo['identities']``."""
        require_layout(self.data_root, f'{type(self).__name__}: data_root', self.LAYOUT)
        self.parts = self.partition(self.scan())
        if self.split in ('query', 'test'):
            self.check_query_matches()
        names = ('query', 'gallery') if self.split == 'test' else (self.split,)
        train_ids = sorted({image.person_id for image in self.parts['train']})
        id_labels = {person: label for label, person in enumerate(train_ids)}
        infos = []
        for name in names:
            for image in self.parts[name]:
                info = dict(img_path=image.path, camera_id=image.camera_id, split=name)
                if self.with_labels:
                    info['person_id'] = image.person_id
                    if name == 'train':
                        info['id_label'] = id_labels[image.person_id]
                infos.append(info)
        if not infos:
            raise ValueError(f'{type(self).__name__}: split {self.split!r} of {self.data_root!r} '
                             'holds no image under this protocol.')
        self._metainfo['identities'] = len({image.person_id for name in names
                                            for image in self.parts[name]})
        if self.split_record is not None:
            self.write_split_record(self.split_record)
        return infos

    def check_query_matches(self) -> None:
        """Raise ValueError naming the folders when no query can be scored, log a warning
        with the count when some cannot (module docstring)."""
        query, gallery = self.parts['query'], self.parts['gallery']
        scored = [image for image in query if image.person_id != JUNK_ID]
        alone = queries_without_match(query, gallery)
        where = f'of {folders_of(query)} '
        against = f'in the gallery {folders_of(gallery)}'
        if len(alone) == len(scored):
            raise ValueError(f'{type(self).__name__}: no query {where}has an image of its person '
                             f'from another camera {against}, so none can be scored; check '
                             "that these are one dataset's query and gallery folders.")
        if alone:
            names = first_names(sorted(osp.basename(image.path) for image in alone))
            print_log(f'{type(self).__name__}: {len(alone)} of the {len(scored)} queries {where}'
                      f'have no image of their person from another camera {against} ({names}); '
                      f'rank-k and mAP count the other {len(scored) - len(alone)} only.',
                      logger='current', level=logging.WARNING)

    def record(self) -> dict:
        """The split's seed and membership: identities and image paths (relative to
        ``data_root``) of every part."""
        parts = {}
        for name in PARTS:
            images = self.parts[name]
            parts[name] = dict(
                identities=sorted({image.person_id for image in images}),
                images=[osp.relpath(image.path, self.data_root) for image in images])
        return dict(dataset=type(self).__name__, data_root=osp.abspath(self.data_root),
                    split=self.split, split_seed=self.split_seed, protocol=self.protocol(),
                    parts=parts)

    def protocol(self) -> dict:
        """The protocol's numbers (e.g. ``num_train``), recorded with the split."""
        return {}

    def write_split_record(self, target: str) -> str:
        """Write :meth:`record` as JSON and return the file's path.

        ``target`` is a ``.json`` path, or a folder (e.g. the work dir) that receives
        ``reid_split_<Dataset>_<split>_seed<seed>.json``. Only the main process writes.
        """
        if not self.parts:
            self.full_init()
        path = target if target.endswith('.json') else osp.join(
            target, f'reid_split_{type(self).__name__}_{self.split}_seed{self.split_seed}.json')
        if is_main_process():
            os.makedirs(osp.dirname(path) or '.', exist_ok=True)
            partial = path + '.partial'
            with open(partial, 'w', encoding='utf-8') as file:
                json.dump(self.record(), file, indent=1)
            os.replace(partial, path)
        return path
