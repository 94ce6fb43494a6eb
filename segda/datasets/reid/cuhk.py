"""CUHK01 and CUHK02 (Li et al. 2012, Li and Wang 2013).

CUHK01: ``<root>/campus/IIIINNN.png``, IIII the identity (971), NNN the image: 001-002
from camera A, 003-004 from camera B. Protocol (DANN JMLR Sec. 5.3.1): ``num_train``
(485) random identities train on all four images; of the other 486 the camera-A images
are the probes and the camera-B images the gallery (all images of the camera pair, not
one per view as Ma et al.). The paper's CUHK score, the mean over the 16 image x flip
combinations of two people, is ``ReIDMetric(average_views=True)``.

CUHK02 ("whole CUHK"; P1 = CUHK01 = CUHK/p1): five camera pairs
``<root>/P1..P5/{cam1,cam2}/<pid>_<n>.png`` (971, 306, 107, 193 and 239 people). A person
belongs to one pair, so the person id is ``100000 * pair + pid`` (pair 1..5) and the
camera id ``2 * (pair - 1) + (0 for cam1, 1 for cam2)``. Default ``num_train=None``: every
person trains (the paper's whole-CUHK source, nothing to test); an int draws that many
training people and tests the others, cam1 probes against the cam2 gallery.
"""
import os.path as osp
import re
from typing import Dict, List, Optional, Sequence

from segda.registry import DATASETS

from .base import (
    ReIDDataset,
    ReIDImage,
    draw_identities,
    identities_in_both,
    list_images,
    require_layout,
    unparsable,
)

CUHK01_NAME = re.compile(r'^(\d{4})(00[1-4])\.png$')
CUHK02_NAME = re.compile(r'^(\d+)_[^/]*\.png$')
CUHK02_PAIRS = ('P1', 'P2', 'P3', 'P4', 'P5')
PAIR_STRIDE = 100000  # CUHK02 person id = PAIR_STRIDE * pair + pid


def split_by_camera(images: List[ReIDImage], train: set, query_camera) -> Dict[str, list]:
    """Train = the images of ``train``; of the others, cameras with ``query_camera(c)`` give
    the query, the rest the gallery."""
    test = [i for i in images if i.person_id not in train]
    return dict(train=[i for i in images if i.person_id in train],
                query=[i for i in test if query_camera(i.camera_id)],
                gallery=[i for i in test if not query_camera(i.camera_id)])


@DATASETS.register_module()
class CUHK01Dataset(ReIDDataset):
    """CUHK01 (module docstring).

    Args:
        num_train: training identities (485).
        data_root, split, split_seed, ...: see :class:`ReIDDataset`.
    """

    LAYOUT = '<root>/campus/IIIINNN.png (NNN 001-002 camera A, 003-004 camera B)'

    def __init__(self, data_root: str, num_train: int = 485, **kwargs):
        self.num_train = num_train
        super().__init__(data_root, **kwargs)

    def scan(self) -> List[ReIDImage]:
        path = osp.join(self.data_root, 'campus')
        images = []
        for name in list_images(path, '.png', type(self).__name__, self.LAYOUT):
            match = CUHK01_NAME.match(name)
            if match is None:
                raise unparsable(type(self).__name__, osp.join(path, name),
                                 'IIIINNN.png: a 4-digit identity, then 001-004')
            camera = 0 if int(match.group(2)) <= 2 else 1
            images.append(ReIDImage(osp.join(path, name), int(match.group(1)), camera))
        return images

    def partition(self, images: List[ReIDImage]) -> Dict[str, List[ReIDImage]]:
        owner = type(self).__name__
        train = set(draw_identities(identities_in_both(images, owner), self.num_train,
                                    self.split_seed, owner, f'num_train={self.num_train}'))
        return split_by_camera(images, train, lambda camera: camera == 0)

    def protocol(self) -> dict:
        return dict(num_train=self.num_train)


@DATASETS.register_module()
class CUHK02Dataset(ReIDDataset):
    """CUHK02 (module docstring).

    Args:
        pairs: the camera pairs to read (default all five).
        num_train: None (every person trains) or the number of training people.
        data_root, split, split_seed, ...: see :class:`ReIDDataset`.
    """

    LAYOUT = '<root>/P1..P5/{cam1,cam2}/<pid>_<n>.png'

    def __init__(self, data_root: str, pairs: Sequence[str] = CUHK02_PAIRS,
                 num_train: Optional[int] = None, **kwargs):
        unknown = sorted(set(pairs) - set(CUHK02_PAIRS))
        if unknown or not pairs:
            raise ValueError(f'CUHK02Dataset: pairs must be a non-empty subset of '
                             f'{list(CUHK02_PAIRS)}, got {list(pairs)}')
        self.pairs = tuple(pairs)
        self.num_train = num_train
        super().__init__(data_root, **kwargs)

    def scan(self) -> List[ReIDImage]:
        images = []
        for pair in self.pairs:
            number = CUHK02_PAIRS.index(pair) + 1
            require_layout(osp.join(self.data_root, pair), type(self).__name__, self.LAYOUT)
            for side, folder in enumerate(('cam1', 'cam2')):
                path = osp.join(self.data_root, pair, folder)
                for name in list_images(path, '.png', type(self).__name__, self.LAYOUT):
                    match = CUHK02_NAME.match(name)
                    if match is None or int(match.group(1)) >= PAIR_STRIDE:
                        raise unparsable(type(self).__name__, osp.join(path, name),
                                         f'<pid>_<n>.png with pid < {PAIR_STRIDE}')
                    images.append(ReIDImage(osp.join(path, name),
                                            PAIR_STRIDE * number + int(match.group(1)),
                                            2 * (number - 1) + side))
        return images

    def partition(self, images: List[ReIDImage]) -> Dict[str, List[ReIDImage]]:
        owner = type(self).__name__
        if self.num_train is None:
            if self.split != 'train':
                raise ValueError(f'{owner}: num_train=None trains on every person, so split '
                                 f'{self.split!r} is empty; set num_train to hold people out.')
            return dict(train=images, query=[], gallery=[])
        train = set(draw_identities([i.person_id for i in images], self.num_train,
                                    self.split_seed, owner, f'num_train={self.num_train}'))
        return split_by_camera(images, train, lambda camera: camera % 2 == 0)

    def protocol(self) -> dict:
        return dict(pairs=list(self.pairs), num_train=self.num_train)
