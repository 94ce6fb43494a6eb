"""Market-1501 (Zheng et al. 2015): six cameras, a fixed split.

Layout: ``<root>/{bounding_box_train,bounding_box_test,query}/PPPP_cCsS_FFFFFF_NN.jpg``
(PPPP the identity, C the camera 1-6; camera id = C - 1). Standard protocol: 751
identities in ``bounding_box_train`` train; ``query`` probes against
``bounding_box_test``. Identity ``-1`` (junk boxes) is kept in the gallery with person id
-1 and the metric never ranks it; ``0000`` (distractors) are gallery people who match no
query. Junk in the training folder is dropped. ``split_seed`` has no effect (the split
is published) and is recorded as given.
"""
import os.path as osp
import re
from typing import Dict, List

from segda.registry import DATASETS

from .base import JUNK_ID, ReIDDataset, ReIDImage, list_images, unparsable

NAME = re.compile(r'^(-1|\d{4})_c(\d)s\d+_\d+_\d+\.jpg$')
FOLDERS = dict(train='bounding_box_train', query='query', gallery='bounding_box_test')


@DATASETS.register_module()
class Market1501Dataset(ReIDDataset):
    """Market-1501 (module docstring). Args: see :class:`ReIDDataset`."""

    LAYOUT = ('<root>/{bounding_box_train,bounding_box_test,query}/'
              'PPPP_cCsS_FFFFFF_NN.jpg')

    def scan(self) -> List[ReIDImage]:
        images = []
        for folder in FOLDERS.values():
            path = osp.join(self.data_root, folder)
            for name in list_images(path, '.jpg', type(self).__name__, self.LAYOUT):
                match = NAME.match(name)
                if match is None:
                    raise unparsable(type(self).__name__, osp.join(path, name),
                                     'PPPP_cCsS_FFFFFF_NN.jpg, e.g. 0002_c1s1_000451_03.jpg')
                images.append(ReIDImage(osp.join(path, name), int(match.group(1)),
                                        int(match.group(2)) - 1))
        return images

    def partition(self, images: List[ReIDImage]) -> Dict[str, List[ReIDImage]]:
        parts = {part: [i for i in images if osp.basename(osp.dirname(i.path)) == folder]
                 for part, folder in FOLDERS.items()}
        parts['train'] = [i for i in parts['train'] if i.person_id != JUNK_ID]
        return parts
