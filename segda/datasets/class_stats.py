"""Per-image class pixel counts of a labelled segmentation dataset, computed once.

``n[i, c]`` is the number of pixels of train id ``c`` in the label of sample ``i`` (ignored
pixels are not counted). Rare class sampling (``rare_class_sampling.py``) needs them for
every source image; decoding every label at each run would cost minutes at GTA5 scale, so
they are kept in a JSON file, by default ``<data_root>/sample_class_stats.json`` (the name
DAFormer uses), written by the converters (``tools/convert_datasets/*.py``) or on first use:

    {"classes": [<class names>],
     "samples": {"<image path relative to data_root>": [n_0, ..., n_{K-1}], ...}}

A sample is known by its image's path, so the file serves both label formats. The file is
reused while it holds every sample of the dataset under the same class names: when the
dataset's file list changes, only the samples it lacks are counted, and the file is
rewritten with them added; other class names, or ``recompute=True``, count every sample
again.
"""
import json
import logging
import os
import os.path as osp
from functools import partial
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
from mmengine.logging import print_log
from mmengine.utils import track_parallel_progress, track_progress

from .image_io import read_label

CLASS_STATS_FILE = 'sample_class_stats.json'


def count_class_pixels(seg_path: str, label_table: Optional[np.ndarray],
                       num_classes: int, reader: Callable[[str], np.ndarray] = read_label
                       ) -> List[int]:
    """``[n_0, ..., n_{K-1}]``: the pixels of each train id in the label file ``seg_path``,
    read by ``reader`` (the dataset's ``label_reader``, e.g. SYNTHIA's id channel), raw
    values mapped through ``label_table`` first (None for train-id files)."""
    label = reader(seg_path)
    if label_table is not None:
        label = label_table[label]
    return np.bincount(label.ravel(), minlength=256)[:num_classes].tolist()


def sample_keys(dataset) -> List[str]:
    """Each sample's key in the stats file: its image path relative to ``data_root``."""
    return [osp.relpath(dataset.get_data_info(i)['img_path'], dataset.data_root)
            .replace(os.sep, '/') for i in range(len(dataset))]


def default_stats_path(dataset) -> str:
    return osp.join(dataset.data_root, CLASS_STATS_FILE)


def read_class_stats(path: str) -> dict:
    """The stats file at ``path`` (module docstring); ValueError naming it when it is not
    SegDA's format (e.g. DAFormer's list of per-file dicts)."""
    with open(path, encoding='utf-8') as file:
        stats = json.load(file)
    if not (isinstance(stats, dict) and isinstance(stats.get('classes'), list)
            and isinstance(stats.get('samples'), dict)):
        raise ValueError(f'{path!r} is not a SegDA class statistics file (a dict with '
                         "'classes' and 'samples'); move or delete it, and it is written again "
                         'on first use.')
    return stats


def write_class_stats(path: str, classes: Sequence[str], samples: Dict[str, List[int]]) -> None:
    """Write the stats file atomically (a temporary file renamed), so that ranks or runs
    reading it never see half a file."""
    temporary = f'{path}.{os.getpid()}.tmp'
    with open(temporary, 'w', encoding='utf-8') as file:
        json.dump(dict(classes=list(classes), samples=samples), file)
    os.replace(temporary, path)


def _count_all(dataset, indices: Sequence[int], nproc: int) -> List[List[int]]:
    """:func:`count_class_pixels` of the samples ``indices`` (``nproc`` processes)."""
    infos = [dataset.get_data_info(i) for i in indices]
    reader = infos[0].get('label_reader', read_label) if infos else read_label
    count = partial(count_class_pixels, label_table=dataset.label_table,
                    num_classes=len(dataset.metainfo['classes']), reader=reader)
    paths = [info['seg_path'] for info in infos]
    if nproc > 1 and len(paths) > 1:
        return track_parallel_progress(count, paths, nproc, chunksize=16)
    return track_progress(count, paths) if paths else []


def sample_class_stats(dataset, path: Optional[str] = None, nproc: int = 1,
                recompute: bool = False) -> np.ndarray:
    """The ``len(dataset) x K`` int64 matrix ``n[i, c]`` of a labelled :class:`SegDataset`,
    read from the stats file at ``path`` (default ``<data_root>/sample_class_stats.json``)
    and completed and rewritten as the module docstring says. A file that cannot be
    written is reported and the counts are returned all the same.
    """
    if not getattr(dataset, 'with_labels', False):
        raise ValueError(f'sample_class_stats: {type(dataset).__name__} ({dataset.data_root}) was '
                         'built with_labels=False; class statistics need the labels.')
    path = path or default_stats_path(dataset)
    classes = list(dataset.metainfo['classes'])
    keys = sample_keys(dataset)
    samples = {}
    if osp.isfile(path) and not recompute:
        stats = read_class_stats(path)
        if stats['classes'] == classes:
            samples = stats['samples']
        else:
            print_log(f'{path}: counted for other classes; counting every label again.',
                      logger='current')
    missing = [i for i, key in enumerate(keys) if key not in samples]
    if missing:
        print_log(f'counting the class pixels of {len(missing)} labels of '
                  f'{type(dataset).__name__} ({dataset.data_root}) for {path}', logger='current')
        counts = _count_all(dataset, missing, nproc)
        samples = {**samples, **{keys[i]: n for i, n in zip(missing, counts)}}
        try:
            write_class_stats(path, classes, samples)
        except OSError as error:
            print_log(f'could not write {path} ({error}); the counts are used without being '
                      'kept.', logger='current', level=logging.WARNING)
    return np.array([samples[key] for key in keys], dtype=np.int64).reshape(len(keys),
                                                                            len(classes))
