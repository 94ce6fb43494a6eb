"""VIPeR (Gray et al. 2007): 632 identities, one image per camera.

Layout: ``<root>/cam_a/NNN_A.bmp`` and ``<root>/cam_b/NNN_A.bmp``, NNN the identity, A the
viewpoint angle (e.g. ``000_45.bmp``). Protocol (DANN JMLR Sec. 5.3.1): ``num_train``
random identities (316) train on both cameras; of the other identities camera A gives
the probes (query) and camera B the gallery.
"""
import os.path as osp
import re
from typing import Dict, List

from segda.registry import DATASETS

from .base import (
    ReIDDataset,
    ReIDImage,
    draw_identities,
    identities_in_both,
    list_images,
    unparsable,
)

NAME = re.compile(r'^(\d+)_(\d+)\.bmp$', re.IGNORECASE)
CAMERAS = ('cam_a', 'cam_b')


@DATASETS.register_module()
class VIPeRDataset(ReIDDataset):
    """VIPeR (module docstring).

    Args:
        num_train: training identities (316 in the protocol).
        data_root, split, split_seed, ...: see :class:`ReIDDataset`.
    """

    LAYOUT = '<root>/cam_a/NNN_ANGLE.bmp and <root>/cam_b/NNN_ANGLE.bmp'

    def __init__(self, data_root: str, num_train: int = 316, **kwargs):
        self.num_train = num_train
        super().__init__(data_root, **kwargs)

    def scan(self) -> List[ReIDImage]:
        images = []
        for camera, folder in enumerate(CAMERAS):
            path = osp.join(self.data_root, folder)
            for name in list_images(path, '.bmp', type(self).__name__, self.LAYOUT):
                match = NAME.match(name)
                if match is None:
                    raise unparsable(type(self).__name__, osp.join(path, name), 'NNN_ANGLE.bmp')
                images.append(ReIDImage(osp.join(path, name), int(match.group(1)), camera))
        return images

    def partition(self, images: List[ReIDImage]) -> Dict[str, List[ReIDImage]]:
        owner = type(self).__name__
        train = set(draw_identities(identities_in_both(images, owner), self.num_train,
                                    self.split_seed, owner, f'num_train={self.num_train}'))
        return dict(train=[i for i in images if i.person_id in train],
                    query=[i for i in images if i.person_id not in train and i.camera_id == 0],
                    gallery=[i for i in images if i.person_id not in train and i.camera_id == 1])

    def protocol(self) -> dict:
        return dict(num_train=self.num_train)
