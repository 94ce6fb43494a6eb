"""PRID2011 single shot (Hirzer et al. 2011): 385 people in camera A, 749 in camera B.

Layout: ``<root>/single_shot/cam_a/person_XXXX.png`` and ``.../cam_b/person_XXXX.png``.
Numbers 1..``num_shared`` (200) are the same person in both cameras; a higher number is
a person seen by that camera only (so ``cam_a/person_0201`` and ``cam_b/person_0201`` are
different people). Person ids: ``n`` for a shared person, ``10000 + n`` for one seen by
camera A only, ``20000 + n`` by camera B only.

Protocol (DANN JMLR Sec. 5.3.1, after Ma et al.): ``num_train`` (100) random shared
people train (their images in both cameras); the other shared people's camera-A images
are the probes; the gallery is every camera-B image not used in training (649).
"""
import os.path as osp
import re
from typing import Dict, List

from segda.registry import DATASETS

from .base import ReIDDataset, ReIDImage, draw_identities, list_images, unparsable

NAME = re.compile(r'^person_(\d{4})\.png$')
CAMERAS = ('cam_a', 'cam_b')
ONLY_OFFSET = (10000, 20000)  # person id offsets of people seen by camera A / B only


@DATASETS.register_module()
class PRID2011Dataset(ReIDDataset):
    """PRID2011 single shot (module docstring).

    Args:
        num_train: training identities among the shared ones (100).
        num_shared: numbers 1..num_shared are shared by both cameras (200).
        data_root, split, split_seed, ...: see :class:`ReIDDataset`.
    """

    LAYOUT = '<root>/single_shot/cam_a/person_XXXX.png and <root>/single_shot/cam_b/person_XXXX.png'

    def __init__(self, data_root: str, num_train: int = 100, num_shared: int = 200, **kwargs):
        self.num_train = num_train
        self.num_shared = num_shared
        super().__init__(data_root, **kwargs)

    def scan(self) -> List[ReIDImage]:
        images = []
        for camera, folder in enumerate(CAMERAS):
            path = osp.join(self.data_root, 'single_shot', folder)
            numbers = []
            for name in list_images(path, '.png', type(self).__name__, self.LAYOUT):
                match = NAME.match(name)
                if match is None:
                    raise unparsable(type(self).__name__, osp.join(path, name),
                                     'person_XXXX.png (four digits)')
                number = int(match.group(1))
                numbers.append(number)
                person = number if number <= self.num_shared else ONLY_OFFSET[camera] + number
                images.append(ReIDImage(osp.join(path, name), person, camera))
            missing = sorted(set(range(1, self.num_shared + 1)) - set(numbers))
            if missing:
                raise ValueError(
                    f'{type(self).__name__}: {path!r} lacks the shared people {missing[:5]} '
                    f'({len(missing)} missing; e.g. person_{missing[0]:04d}.png); numbers '
                    f'1..num_shared={self.num_shared} must be in both cameras.')
        return images

    def partition(self, images: List[ReIDImage]) -> Dict[str, List[ReIDImage]]:
        owner = type(self).__name__
        train = set(draw_identities(range(1, self.num_shared + 1), self.num_train,
                                    self.split_seed, owner,
                                    f'num_train={self.num_train} of num_shared={self.num_shared}'))
        return dict(
            train=[i for i in images if i.person_id in train],
            query=[i for i in images if i.camera_id == 0 and i.person_id <= self.num_shared
                   and i.person_id not in train],
            gallery=[i for i in images if i.camera_id == 1 and i.person_id not in train])

    def protocol(self) -> dict:
        return dict(num_train=self.num_train, num_shared=self.num_shared)
