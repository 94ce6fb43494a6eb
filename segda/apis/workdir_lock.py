"""One training run per work dir: a lock file naming the run that holds it.

Two runs started into the same ``--work-dir`` would otherwise interleave their logs,
dump one config and mix the checkpoints of both. :func:`work_dir_lock` creates
``<work_dir>/.segda_train.lock`` (atomically, ``O_EXCL``) holding the PID, host, start
time and command of the run, and removes it when the run ends. A second run finds it and
stops at once naming the first; a lock left by a process that no longer exists on this
host (a killed run) is taken over with a note. Only the main process of a distributed run
(``RANK`` 0) takes the lock; the other ranks belong to the same run.
"""
import contextlib
import json
import os
import os.path as osp
import socket
import sys
import time

from mmengine.logging import print_log

LOCK_NAME = '.segda_train.lock'


class WorkDirBusyError(ValueError):
    """The work dir is in use by another training run (a user error)."""


class WorkDirUnwritableError(ValueError):
    """The work dir cannot be created or written (a user error)."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _read(path) -> dict:
    try:
        with open(path) as file:
            return json.load(file)
    except (OSError, ValueError):
        return {}  # being written this instant, or damaged: treated as held


def _create(path) -> bool:
    """Create the lock file with this run's description; False when it exists."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, 'w') as file:
        json.dump(dict(pid=os.getpid(), host=socket.gethostname(),
                       started=time.strftime('%Y-%m-%d %H:%M:%S'),
                       command=' '.join(sys.argv)), file)
    return True


def _create_in(work_dir, path) -> bool:
    """:func:`_create` in ``work_dir`` (made if missing); a folder this process cannot
    write is a :class:`WorkDirUnwritableError` naming it."""
    try:
        os.makedirs(work_dir, exist_ok=True)
        return _create(path)
    except OSError as error:
        if isinstance(error, (FileExistsError, NotADirectoryError)):
            raise  # a file where a folder should be: one line already (segda.apis.run_main)
        raise WorkDirUnwritableError(
            f'cannot write in the work dir {work_dir} ({error.strerror}); pass --work-dir '
            'DIR (or set work_dir) to a folder you can write to.') from error


def acquire(work_dir) -> str:
    """Take the lock of ``work_dir`` (created if missing); returns the lock's path.

    Raises:
        WorkDirBusyError: naming the run that holds it.
        WorkDirUnwritableError: the folder cannot be created or the lock written in it (no
            permission, a read-only file system), before anything else writes there.
    """
    path = osp.join(work_dir, LOCK_NAME)
    while not _create_in(work_dir, path):
        holder = _read(path)
        pid, host = holder.get('pid'), holder.get('host')
        if host == socket.gethostname() and isinstance(pid, int) and not _alive(pid):
            print_log(f'{path}: taking over the lock of process {pid}, which no longer '
                      f'exists (started {holder.get("started")}).', logger='current')
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
            continue
        raise WorkDirBusyError(
            f'{work_dir} is in use by another training run (pid {pid} on {host}, started '
            f'{holder.get("started")}: {holder.get("command")}). Wait for it to end or pass '
            f'another --work-dir; if that run is gone, delete {path}.')
    return path


@contextlib.contextmanager
def work_dir_lock(work_dir):
    """Hold the lock of ``work_dir`` for the block (main process only)."""
    if int(os.environ.get('RANK', 0)) != 0:
        yield
        return
    path = acquire(work_dir)
    try:
        yield
    finally:
        if _read(path).get('pid') == os.getpid():
            os.remove(path)
