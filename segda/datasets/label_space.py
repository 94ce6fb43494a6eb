"""A dataset's label space, declared in its ``metainfo``:

- ``classes``: the K class names, in train-id order (train id k is ``classes[k]``);
- ``palette``: one RGB colour per class (optional; visualisers make one when absent);
- ``label_map``: raw label value -> train id, for label files that store raw ids
  (Cityscapes label ids); every raw value not in the map becomes ``ignore_index``;
- ``ignore_index``: the label value that is never supervised nor evaluated (255).

``label_table`` turns the map into the 256-entry lookup ``LoadLabel`` applies,

    train_id = table[raw_value]

built once per dataset. Metrics and visualisers read these fields from ``dataset_meta``
(mmengine hands a dataset's ``metainfo`` to its evaluator), so no generic layer knows
about Cityscapes.
"""
from typing import Mapping, Optional

import numpy as np

DEFAULT_IGNORE_INDEX = 255


def check_metainfo(metainfo: Mapping, owner: str) -> None:
    """Raise ValueError naming ``owner`` when ``metainfo``'s label space is inconsistent."""
    classes = metainfo.get('classes')
    if not classes:
        raise ValueError(f"{owner}: metainfo['classes'] must list the class names, got "
                         f'{classes!r}; set metainfo=dict(classes=(...), ...) in the dataset.')
    palette = metainfo.get('palette')
    if palette is not None and len(palette) != len(classes):
        raise ValueError(f"{owner}: metainfo['palette'] has {len(palette)} colours for "
                         f'{len(classes)} classes; give one RGB colour per class.')
    ignore_index = metainfo.get('ignore_index', DEFAULT_IGNORE_INDEX)
    if ignore_index < len(classes):
        raise ValueError(f"{owner}: metainfo['ignore_index'] = {ignore_index} is a class id "
                         f'(there are {len(classes)} classes); use a value >= {len(classes)}.')
    for raw, train_id in (metainfo.get('label_map') or {}).items():
        if not 0 <= int(raw) <= 255 or not (0 <= train_id < len(classes)
                                           or train_id == ignore_index):
            raise ValueError(f"{owner}: metainfo['label_map'] maps {raw} -> {train_id}; raw "
                             f'values lie in [0, 255] and train ids in [0, {len(classes)}) or '
                             f'equal ignore_index ({ignore_index}).')


def label_table(metainfo: Mapping) -> Optional[np.ndarray]:
    """The read-only uint8 lookup ``table[raw] = train id`` of ``metainfo['label_map']``
    (raw values outside the map -> ``ignore_index``), or None without a map."""
    label_map = metainfo.get('label_map')
    if label_map is None:
        return None
    table = np.full(256, metainfo.get('ignore_index', DEFAULT_IGNORE_INDEX), dtype=np.uint8)
    for raw, train_id in label_map.items():
        table[int(raw)] = train_id
    table.flags.writeable = False
    return table


def valid_train_ids(metainfo: Mapping) -> np.ndarray:
    """The read-only 256-entry bool table of the label values a train-id map may hold: the
    K class ids and ``ignore_index``."""
    valid = np.zeros(256, dtype=bool)
    valid[:len(metainfo['classes'])] = True
    valid[metainfo.get('ignore_index', DEFAULT_IGNORE_INDEX)] = True
    valid.flags.writeable = False
    return valid
