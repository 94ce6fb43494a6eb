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

Every dataset a model is trained or evaluated on must have the model's label space: the
same class names in the same order (``check_class_names``; a count check alone passes a
test folder whose class ``'0'`` is named ``'zero'``, which shifts every sorted class index).
"""
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple

import numpy as np

from segda.registry import FUNCTIONS

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


def class_name_at(classes: Sequence[str], index: int) -> str:
    """``classes[index]`` quoted, or ``'none'`` past the end, for a message."""
    return repr(classes[index]) if index < len(classes) else 'none'


@FUNCTIONS.register_module(name='check_class_names')
def check_class_names(classes: Optional[Sequence[str]], datasets: Iterable[Tuple[str, Any]],
                      reference: str = 'the model') -> None:
    """Raise ValueError when a dataset's ``metainfo['classes']`` differs from ``classes``
    (the model's label space: its training data's or its checkpoint's) in names or order,
    naming the dataset and the first differing positions.

    ``datasets``: ``(what, dataset)`` pairs, e.g. ``('test', dataset)``; ``classes`` None,
    or a dataset that declares no classes (re-ID), is not compared. Registered in
    ``FUNCTIONS`` as ``check_class_names`` for the engine, which imports no dataset module.
    """
    if classes is None:
        return
    expected = tuple(classes)
    for what, dataset in datasets:
        found = (getattr(dataset, 'metainfo', None) or {}).get('classes')
        if found is None or tuple(found) == expected:
            continue
        differ = [k for k in range(max(len(found), len(expected)))
                  if class_name_at(found, k) != class_name_at(expected, k)]
        shown = '; '.join(f'class {k} is {class_name_at(found, k)} there, '
                          f'{class_name_at(expected, k)} in {reference}' for k in differ[:3])
        raise ValueError(
            f'the label spaces differ: the {what} dataset {type(dataset).__name__} has '
            f'{len(found)} classes, {reference} {len(expected)}, and {len(differ)} positions '
            f'differ ({shown}), so a class would be scored as another. Give both the same class '
            'names in the same order (rename the class folders, or set '
            'metainfo=dict(classes=(...)) in the dataset).')
