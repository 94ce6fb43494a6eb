"""docs/reliability.md, "One-line user errors": errors that are the user's to fix (an
output that exists, a corrupt checkpoint, a diverged run) print as one line; internal errors
keep their traceback."""
import pytest

from segda.apis import run_main
from segda.engine.divergence import DivergenceError

from helpers.cli import run_tool
from helpers.data_files import make_gta5


@pytest.mark.parametrize('error', [FileExistsError('train.txt exists; pass --overwrite'),
                                   DivergenceError('training diverged at iteration 4')])
def test_user_errors_are_one_line(error, capsys, monkeypatch):
    monkeypatch.delenv('SEGDA_DEBUG', raising=False)

    def main():
        raise error

    with pytest.raises(SystemExit) as stopped:
        run_main(main)
    assert stopped.value.code == 1
    assert capsys.readouterr().err.splitlines()[0] == f'error: {error}'


def test_internal_errors_keep_their_traceback():
    def main():
        raise RuntimeError('a bug')

    with pytest.raises(RuntimeError, match='a bug'):
        run_main(main)


@pytest.mark.slow
def test_a_converter_run_twice_says_so_in_one_line(tmp_path):
    make_gta5(str(tmp_path / 'gta5'), num=2)
    first = run_tool('convert_datasets/gta5.py', tmp_path / 'gta5')
    assert first.returncode == 0, first.stderr
    again = run_tool('convert_datasets/gta5.py', tmp_path / 'gta5')
    assert again.returncode == 1
    assert 'already exist' in again.stderr and '--overwrite' in again.stderr
    assert 'Traceback' not in again.stderr
