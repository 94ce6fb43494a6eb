"""Where a training run starts in its work dir: never over finished work by accident.

mmengine's auto resume trusts the ``last_checkpoint`` pointer alone. A kill between
writing ``iter_N.pth`` and the pointer (or a pointer deleted, or naming a removed file)
makes it print "Auto resumed from the latest checkpoint None.", start at iteration 0 and
overwrite the existing checkpoints. Here:

- :func:`newest_checkpoint` is the newest *complete* ``iter_N.pth`` of the work dir or the
  file the pointer names, whichever has the higher N (a checkpoint is complete when its
  zip archive ends with a central directory: what a truncated copy lacks);
- :func:`refuse_fresh_start` stops a run that would start over in a work dir that holds
  checkpoints, unless the user asked for it;
- :func:`refuse_nothing_to_train` stops a resume at or past ``max_iters``, which mmengine
  would end at once with exit code 0, having trained nothing.
"""
import os.path as osp
import re
import zipfile
from pathlib import Path

from mmengine.logging import print_log

from segda.engine.checkpoint import LAST_CHECKPOINT

CHECKPOINT_NAME = re.compile(r'^iter_(\d+)\.pth$')


def checkpoint_step(path) -> int:
    """N of ``iter_N.pth``, or -1 for another name."""
    match = CHECKPOINT_NAME.match(osp.basename(str(path)))
    return int(match.group(1)) if match else -1


def is_complete(path) -> bool:
    """Whether ``path`` is a whole torch checkpoint (a zip archive with its directory)."""
    return osp.isfile(path) and zipfile.is_zipfile(path)


def checkpoints_in(work_dir) -> list:
    """The ``iter_N.pth`` files of ``work_dir``, newest (highest N) first."""
    folder = Path(work_dir)
    if not folder.is_dir():
        return []
    found = [path for path in folder.iterdir() if CHECKPOINT_NAME.match(path.name)]
    return sorted(found, key=checkpoint_step, reverse=True)


def _pointer_target(work_dir):
    pointer = Path(work_dir) / LAST_CHECKPOINT
    return pointer.read_text().strip() if pointer.is_file() else None


def newest_checkpoint(work_dir):
    """The checkpoint a ``--resume`` without a path continues from, or None when the work
    dir holds no complete one. Logs a note when that is not what the pointer names."""
    named = _pointer_target(work_dir)
    candidates = {osp.realpath(path): str(path) for path in checkpoints_in(work_dir)}
    if named:
        candidates.setdefault(osp.realpath(named), named)
    complete = [path for path in candidates.values() if is_complete(path)]
    if not complete:
        return None
    best = max(complete, key=checkpoint_step)
    if named and checkpoint_step(named) == -1 and is_complete(named):
        best = named  # a custom filename_tmpl: the pointer is all there is to go by
    if named is None or osp.realpath(best) != osp.realpath(named):
        pointer = osp.join(str(work_dir), LAST_CHECKPOINT)
        state = (f'{pointer} is missing' if named is None else
                 f'{pointer} names {named!r}, ' + ('an older checkpoint' if is_complete(named)
                                                   else 'which is missing or incomplete'))
        print_log(f'{state}: resuming from the newest complete checkpoint {best}.',
                  logger='current')
    return best


def refuse_fresh_start(work_dir) -> None:
    """Raise ``FileExistsError`` when ``work_dir`` holds checkpoints: starting over there
    would overwrite them."""
    found = checkpoints_in(work_dir)
    if found:
        names = ', '.join(path.name for path in found[:3]) + (', ...' if len(found) > 3 else '')
        raise FileExistsError(
            f'{work_dir} already holds checkpoints ({names}): pass --resume to continue that '
            'run, --overwrite to start over in it (its checkpoints get replaced), or another '
            '--work-dir.')


def refuse_nothing_to_train(checkpoint: dict, filename, max_iters) -> None:
    """Raise ``ValueError`` when ``checkpoint`` (loaded) was saved at iteration
    ``max_iters`` or later: resuming it would train nothing."""
    step = (checkpoint.get('meta') or {}).get('iter')
    if step is None or max_iters is None or step < max_iters:
        return
    raise ValueError(
        f'--resume: {filename!r} was saved at iteration {step} and train_cfg.max_iters is '
        f'{max_iters}: nothing would be trained. To train further, raise it (--cfg-options '
        f'train_cfg.max_iters=N with N > {step}); to evaluate the checkpoint, use '
        'tools/test.py CONFIG CHECKPOINT.')
