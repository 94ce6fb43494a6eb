"""docs/reliability.md, case 5: a second run into the same work dir stops at once naming the
first; the lock of a process that no longer exists is taken over with a note."""
import json
import subprocess
import sys

import pytest

from segda.apis import workdir_lock
from segda.apis.workdir_lock import LOCK_NAME, WorkDirBusyError, acquire, work_dir_lock

from helpers.cli import run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'


def _lock_of(pid, work_dir):
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / LOCK_NAME).write_text(json.dumps(dict(
        pid=pid, host=__import__('socket').gethostname(), started='earlier',
        command='tools/train.py first run')))


def test_a_held_work_dir_is_refused_and_released_after(tmp_path):
    with work_dir_lock(tmp_path):
        with pytest.raises(WorkDirBusyError, match=rf'pid {__import__("os").getpid()} '):
            acquire(tmp_path)
    assert not (tmp_path / LOCK_NAME).exists()
    with work_dir_lock(tmp_path):
        pass


@pytest.mark.slow
def test_the_lock_of_a_dead_process_is_taken_over(tmp_path, monkeypatch):
    notes = []
    monkeypatch.setattr(workdir_lock, 'print_log', lambda message, **_: notes.append(message))
    finished = subprocess.run([sys.executable, '-c', 'import os; print(os.getpid())'],
                              capture_output=True, text=True)
    dead = int(finished.stdout)
    _lock_of(dead, tmp_path)
    with work_dir_lock(tmp_path):
        assert json.loads((tmp_path / LOCK_NAME).read_text())['pid'] != dead
    assert len(notes) == 1 and f'process {dead}, which no longer exists' in notes[0]


@pytest.mark.slow
def test_a_second_training_run_stops_naming_the_first(tiny_synthcity, tmp_path):
    first = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])
    try:
        _lock_of(first.pid, tmp_path / 'work')
        second = run_tool('train.py', CONFIG, '--work-dir', tmp_path / 'work', '--cfg-options',
                          *synthcity_options(CONFIG, tiny_synthcity))
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 1
    assert f'pid {first.pid}' in second.stderr and 'tools/train.py first run' in second.stderr
    assert 'Traceback' not in second.stderr
    assert [p.name for p in (tmp_path / 'work').iterdir()] == [LOCK_NAME]  # nothing written
