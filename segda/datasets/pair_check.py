"""The dataset converters' core (``tools/convert_datasets/*.py``): decode every
image/label pair, compare sizes, and optionally write the label as trainIds to a new
file, in parallel with a progress bar; then a report of what was found.

How a dataset stores its raw ids is a :class:`RawIds` (``CITYSCAPES_IDS`` for Cityscapes
and GTA5, ``SYNTHIA_IDS`` for SYNTHIA); ``convert_split`` is a whole single-split
converter (GTA5's and SYNTHIA's).
"""
import functools
import os
import os.path as osp
from typing import Callable, List, NamedTuple, Optional, Sequence

import numpy as np
from mmengine.utils import track_parallel_progress, track_progress

from .base import write_split_file
from .cityscapes_labels import IGNORE_INDEX, LABEL_ID_TO_TRAIN_ID, NUM_LABEL_IDS
from .class_stats import CLASS_STATS_FILE, sample_class_stats
from .image_io import check_complete, read_image, read_label, write_label
from .synthia_labels import NUM_SYNTHIA_IDS, SYNTHIA_ID_TO_TRAIN_ID, read_synthia_ids


class RawIds(NamedTuple):
    """A dataset's raw label ids: ``read(path)`` gives the ids of a label file (an integer
    ``H x W`` array), ids ``0 .. num_ids - 1`` are the dataset's own, and ``table`` is the
    256-entry raw id -> train id lookup (ids past 255 are ignored, like unlisted ones)."""

    name: str
    read: Callable[[str], np.ndarray]
    num_ids: int
    table: np.ndarray

    def train_ids(self, ids: np.ndarray) -> np.ndarray:
        """``ids`` as uint8 train ids (``ignore_index`` for ids the table does not list)."""
        return self.table[np.minimum(ids, IGNORE_INDEX)]


CITYSCAPES_IDS = RawIds('Cityscapes', read_label, NUM_LABEL_IDS, LABEL_ID_TO_TRAIN_ID)
SYNTHIA_IDS = RawIds('SYNTHIA', read_synthia_ids, NUM_SYNTHIA_IDS, SYNTHIA_ID_TO_TRAIN_ID)


class PairJob(NamedTuple):
    """One pair to check; ``train_id_path`` (optional) receives the label as trainIds."""

    stem: str
    img_path: str
    seg_path: str
    train_id_path: Optional[str] = None


class PairCheck(NamedTuple):
    """The outcome of :func:`check_pair`: sizes ``(H, W)`` (None when unreadable), errors
    (the pair is left out of the split list) and warnings (reported, the pair is kept)."""

    job: PairJob
    img_size: Optional[tuple]
    seg_size: Optional[tuple]
    errors: tuple
    warnings: tuple = ()

    @property
    def size_mismatch(self) -> bool:
        return not self.errors and self.img_size != self.seg_size


def _read_or_record(read, path: str, errors: list) -> Optional[np.ndarray]:
    """``read(path)``, or None with the error message appended to ``errors``."""
    try:
        return read(path)
    except (OSError, ValueError) as error:
        errors.append(str(error))
        return None


def label_warnings(label_ids: np.ndarray, raw: RawIds = CITYSCAPES_IDS) -> list:
    """What is suspicious in a map of ``raw`` ids: pixels whose id is outside the dataset's
    table (Cityscapes: 0..33), or no pixel of a training class at all."""
    warnings = []
    counts = np.bincount(label_ids.ravel(), minlength=raw.num_ids)
    unknown = np.flatnonzero(counts[raw.num_ids:]) + raw.num_ids
    if len(unknown):
        warnings.append(f'{int(counts[unknown].sum())} pixels with ids outside the {raw.name} '
                        f'table (0..{raw.num_ids - 1}): {unknown.tolist()[:10]}')
    if (raw.train_ids(label_ids) == IGNORE_INDEX).all():
        warnings.append('no pixel of a training class (the whole label is ignored)')
    return warnings


def check_pair(job: PairJob, raw: RawIds = CITYSCAPES_IDS) -> PairCheck:
    """Decode both files of ``job`` completely (a truncated file is an error), the label as
    ``raw`` ids; report unknown ids and labels without a valid pixel; write its trainId
    label when asked and readable."""
    errors = []
    image = _read_or_record(read_image, job.img_path, errors)
    if image is not None:
        _read_or_record(check_complete, job.img_path, errors)
    label = _read_or_record(raw.read, job.seg_path, errors)
    warnings = label_warnings(label, raw) if label is not None else []
    if job.train_id_path and label is not None:
        try:
            write_label(job.train_id_path, raw.train_ids(label))
        except OSError as error:
            errors.append(str(error))
    return PairCheck(job, None if image is None else image.shape[:2],
                     None if label is None else label.shape, tuple(errors), tuple(warnings))


def pair_jobs(data_root: str, source, train_ids=None,
              out_root: Optional[str] = None) -> List[PairJob]:
    """A job per stem of the ``source`` layout (a ``PairLayout``) under ``data_root``; with
    ``train_ids`` (the trainIds layout), each label's trainId file goes under ``out_root``
    (default ``data_root``)."""
    out_root = out_root or data_root
    return [PairJob(stem, source.img_path(data_root, stem), source.seg_path(data_root, stem),
                    train_ids.seg_path(out_root, stem) if train_ids else None)
            for stem in source.scan_stems(data_root)]


def check_outputs(jobs: Sequence[PairJob], other_outputs: Sequence[str], overwrite: bool) -> None:
    """Before anything is written: refuse outputs (trainId labels of ``jobs`` and
    ``other_outputs``) that are dataset files, always, or that exist, unless ``overwrite``."""
    outputs = list(other_outputs) + [job.train_id_path for job in jobs if job.train_id_path]
    sources = {osp.realpath(path) for job in jobs for path in (job.img_path, job.seg_path)}
    clashes = [path for path in outputs if osp.realpath(path) in sources]
    if clashes:
        raise ValueError(f'{len(clashes)} outputs would replace dataset files: '
                         f'{", ".join(clashes[:5])}; source images and labels are never written.')
    existing = [path for path in outputs if osp.exists(path)]
    if existing and not overwrite:
        raise FileExistsError(f'{len(existing)} output files already exist (e.g. '
                              f'{", ".join(existing[:5])}); nothing was written. Pass '
                              '--overwrite to replace them.')


def check_pairs(jobs: Sequence[PairJob], nproc: int = 1,
                raw: RawIds = CITYSCAPES_IDS) -> List[PairCheck]:
    """:func:`check_pair` on every job (``nproc`` processes), in order, with a progress bar."""
    check = functools.partial(check_pair, raw=raw)
    if nproc > 1:
        return track_parallel_progress(check, list(jobs), nproc, chunksize=16)
    return track_progress(check, list(jobs))


def format_report(name: str, checks: Sequence[PairCheck]) -> str:
    """A human-readable summary: counts, every size mismatch and every broken file."""
    mismatched = [check for check in checks if check.size_mismatch]
    broken = [check for check in checks if check.errors]
    lines = [f'{name}: {len(checks)} pairs, {len(checks) - len(broken)} valid, '
             f'{len(mismatched)} size mismatches, {len(broken)} broken.']
    if mismatched:
        lines.append('Size mismatches (image HxW vs label HxW; the datasets resize the label '
                     "by default, see size_mismatch in docs/datasets.md):")
        lines += [f'  {c.job.stem}: {c.img_size[0]}x{c.img_size[1]} vs '
                  f'{c.seg_size[0]}x{c.seg_size[1]}' for c in mismatched]
    if broken:
        lines.append('Broken pairs (excluded from the split list):')
        lines += [f'  {c.job.stem}: {error}' for c in broken for error in c.errors]
    suspicious = [check for check in checks if check.warnings and not check.errors]
    if suspicious:
        lines.append(f'{len(suspicious)} labels to look at (kept in the split list):')
        lines += [f'  {c.job.stem}: {warning}' for c in suspicious for warning in c.warnings]
    return '\n'.join(lines)


def convert_split(name: str, data_root: str, source, train_ids=None,
                  out_dir: Optional[str] = None, nproc: int = 1, overwrite: bool = False,
                  raw: RawIds = CITYSCAPES_IDS, report: Callable[[str], None] = print,
                  dataset_type: Optional[Callable] = None) -> bool:
    """A single-split converter: check every pair of the ``source`` layout under
    ``data_root`` (labels read as ``raw`` ids), write ``OUT_DIR/train.txt`` with the valid
    ones and, with ``train_ids`` (the trainIds layout), each label as train ids under
    ``out_dir`` (default ``data_root``). Given the ``dataset_type`` that reads the split
    (e.g. ``GTA5Dataset``), also the per-image class pixel counts of the valid pairs,
    ``OUT_DIR/sample_class_stats.json``, for rare class sampling (``class_stats.py``).
    Outputs are checked first (:func:`check_outputs`), so nothing is written when one
    exists without ``overwrite``. ``report`` receives the report and the written paths;
    returns whether every pair is valid."""
    out_dir = out_dir or data_root
    jobs = pair_jobs(data_root, source, train_ids, out_dir)
    split_path = osp.join(out_dir, 'train.txt')
    stats_path = osp.join(out_dir, CLASS_STATS_FILE)
    check_outputs(jobs, [split_path] + ([stats_path] if dataset_type else []), overwrite)
    checks = check_pairs(jobs, nproc, raw)
    report(format_report(name, checks))
    os.makedirs(out_dir, exist_ok=True)
    valid = [check.job.stem for check in checks if not check.errors]
    write_split_file(split_path, valid)
    report(f'wrote {split_path}')
    if dataset_type is not None and valid:
        dataset = dataset_type(data_root, split_file=osp.abspath(split_path))
        sample_class_stats(dataset, stats_path, nproc=nproc, recompute=True)
        report(f'wrote {stats_path}')
    return not any(check.errors for check in checks)
