"""The dataset converters' core (``tools/convert_datasets/*.py``): decode every
image/label pair, compare sizes, and optionally write the label as trainIds to a new
file, in parallel with a progress bar; then a report of what was found.
"""
import os.path as osp
from typing import List, NamedTuple, Optional, Sequence

import numpy as np
from mmengine.utils import track_parallel_progress, track_progress

from .cityscapes_labels import IGNORE_INDEX, NUM_LABEL_IDS, to_train_ids
from .image_io import check_complete, read_image, read_label, write_label


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


def label_warnings(label_ids: np.ndarray) -> list:
    """What is suspicious in a Cityscapes label-id map: pixels whose id is outside the
    Cityscapes table (0..33), or no pixel of a training class at all."""
    warnings = []
    counts = np.bincount(label_ids.ravel(), minlength=256)
    unknown = np.flatnonzero(counts[NUM_LABEL_IDS:]) + NUM_LABEL_IDS
    if len(unknown):
        warnings.append(f'{int(counts[unknown].sum())} pixels with ids outside the Cityscapes '
                        f'table (0..{NUM_LABEL_IDS - 1}): {unknown.tolist()[:10]}')
    if (to_train_ids(label_ids) == IGNORE_INDEX).all():
        warnings.append('no pixel of a training class (the whole label is ignored)')
    return warnings


def check_pair(job: PairJob) -> PairCheck:
    """Decode both files of ``job`` completely (a truncated file is an error); report
    unknown ids and labels without a valid pixel; write its trainId label when asked and
    readable."""
    errors = []
    image = _read_or_record(read_image, job.img_path, errors)
    if image is not None:
        _read_or_record(check_complete, job.img_path, errors)
    label = _read_or_record(read_label, job.seg_path, errors)
    warnings = label_warnings(label) if label is not None else []
    if job.train_id_path and label is not None:
        try:
            write_label(job.train_id_path, to_train_ids(label))
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


def check_pairs(jobs: Sequence[PairJob], nproc: int = 1) -> List[PairCheck]:
    """:func:`check_pair` on every job (``nproc`` processes), in order, with a progress bar."""
    if nproc > 1:
        return track_parallel_progress(check_pair, list(jobs), nproc, chunksize=16)
    return track_progress(check_pair, list(jobs))


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
