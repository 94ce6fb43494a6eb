"""Checkpoint files: safe loading for torch >= 2.6 (``weights_only=True``), atomic writing.

:func:`load_local_checkpoint` (mmengine's loader for local paths: ``--resume``,
``load_from``, the tools) keeps torch's weights-only unpickler and allows exactly the
mmengine classes a resume checkpoint holds; a file that is not a checkpoint raises
:class:`UnreadableCheckpointError`, one line naming the path. :func:`atomic_write` and the
file backend ``'atomic_local'`` (:class:`AtomicLocalBackend`, which
``AtomicCheckpointHook`` selects) replace a file all at once. Why, and what mmengine does
instead: docs/design.md, "Engine internals".
"""
import contextlib
import os
import os.path as osp
import pickle

import numpy as np
import torch
from mmengine.fileio import LocalBackend, register_backend
from mmengine.logging import HistoryBuffer
from mmengine.runner import CheckpointLoader

# mmengine's pointer file in the work dir: it holds the path of the newest checkpoint
# (written by CheckpointHook, read by ``Runner``'s auto resume).
LAST_CHECKPOINT = 'last_checkpoint'

# HistoryBuffer fills ``_statistics_methods`` with these on its first instantiation, so in a
# fresh process (a resume, tools/test.py) the registry may still be empty: name them.
DEFAULT_STATISTICS = frozenset(('min', 'max', 'current', 'mean'))


def _history_buffer_attribute(owner, name):
    """``getattr`` restricted to what mmengine pickles: HistoryBuffer's statistics."""
    allowed = DEFAULT_STATISTICS | set(HistoryBuffer._statistics_methods)
    if owner is HistoryBuffer and name in allowed:
        return getattr(owner, name)
    raise pickle.UnpicklingError(
        f'checkpoint asks for attribute {name!r} of {owner!r}; only HistoryBuffer '
        'statistics methods are allowed. Load it with torch.load(..., weights_only=False) '
        'yourself only if you trust its source.')


def _numpy_globals():
    """Numpy's pickling helpers under the names numpy 1.x and 2.x write them with."""
    multiarray = np._core.multiarray if hasattr(np, '_core') else np.core.multiarray
    entries = [np.ndarray, np.dtype]
    for module in ('numpy.core.multiarray', 'numpy._core.multiarray'):
        entries += [(multiarray._reconstruct, f'{module}._reconstruct'),
                    (multiarray.scalar, f'{module}.scalar')]
    entries += [type(np.dtype(name)) for name in ('f4', 'f8', 'i4', 'i8', 'u1', 'bool')]
    return entries


CHECKPOINT_SAFE_GLOBALS = [HistoryBuffer, (_history_buffer_attribute, 'builtins.getattr'),
                           *_numpy_globals()]


class UnreadableCheckpointError(pickle.UnpicklingError, ValueError):
    """A checkpoint file that exists but cannot be read. A ``ValueError`` (a user error: the
    CLIs print it as one line) and an ``UnpicklingError`` (what torch raises for refused
    pickles, so callers that caught that keep working)."""


def _unreadable_reason(filename, error) -> str:
    """A short reason why ``torch.load`` failed: torch's weights-only message is cut down to
    the unpickler's own words, and an empty file is called empty."""
    if osp.getsize(filename) == 0:
        return 'the file is empty'
    text = str(error)
    if 'WeightsUnpickler error:' in text:
        text = text.split('WeightsUnpickler error:', 1)[1].split('Check the documentation')[0]
    text = ' '.join(text.split())
    if len(text) > 200:
        text = text[:200] + '...'
    return f'{type(error).__name__}: {text}' if text else type(error).__name__


def load_local_checkpoint(filename, map_location=None):
    """Load a local checkpoint with the weights-only unpickler and mmengine's classes.

    Raises:
        FileNotFoundError: naming the path when it does not exist.
        UnreadableCheckpointError: naming the path when it is not a readable checkpoint.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(
            f'checkpoint not found: {filename!r}. Check the path (training writes '
            f'<work_dir>/iter_<N>.pth and <work_dir>/{LAST_CHECKPOINT}).')
    try:
        with torch.serialization.safe_globals(CHECKPOINT_SAFE_GLOBALS):
            return torch.load(filename, map_location=map_location, weights_only=True)
    except (pickle.UnpicklingError, EOFError, RuntimeError, KeyError, ValueError, IndexError,
            TypeError, AttributeError, UnicodeDecodeError) as error:
        raise UnreadableCheckpointError(
            f'not a readable checkpoint: {filename!r} ({_unreadable_reason(filename, error)}). '
            'It may be truncated (an interrupted copy), another kind of file, or hold objects '
            'the safe loader refuses; give a checkpoint written by tools/train.py '
            '(<work_dir>/iter_<N>.pth).') from error


CheckpointLoader.register_scheme(prefixes='', force=True)(load_local_checkpoint)


def atomic_write(path, data: bytes) -> None:
    """Replace ``path`` by ``data`` all at once: temporary file, fsync, ``os.replace``.

    After a crash at any point ``path`` holds its previous content (or does not exist if
    it did not before) or all of ``data``. A killed process may leave the hidden
    ``.<name>.<pid>.tmp`` file behind; nothing reads it.
    """
    folder, name = osp.split(osp.abspath(osp.expanduser(path)))
    os.makedirs(folder, exist_ok=True)
    temporary = osp.join(folder, f'.{name}.{os.getpid()}.tmp')
    try:
        with open(temporary, 'wb') as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, osp.join(folder, name))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    """Make a rename in ``folder`` durable (POSIX; folders cannot be opened on Windows)."""
    if not hasattr(os, 'O_DIRECTORY'):
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@register_backend('atomic_local', force=True)
class AtomicLocalBackend(LocalBackend):
    """mmengine's local file backend whose writes go through :func:`atomic_write`."""

    def put(self, obj: bytes, filepath) -> None:
        atomic_write(filepath, obj)

    def put_text(self, obj: str, filepath, encoding: str = 'utf-8') -> None:
        atomic_write(filepath, obj.encode(encoding))
