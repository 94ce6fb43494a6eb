"""tools/analysis/shallow_dann_moons.py: DANN Fig. 2's four panels for the standard NN and
DANN on the two moons, as one PNG, on a tiny setting; an existing output is refused without
--overwrite, as the user sees it."""
import cv2
import pytest

from helpers.cli import load_tool, run_tool

moons_tool = load_tool('analysis/shallow_dann_moons.py')

PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


def test_the_figure_is_a_png_of_both_networks_four_panels(tmp_path, capsys):
    out = tmp_path / 'figures' / 'moons.png'
    moons_tool.main(['--out', str(out), '--epochs', '2', '--seeds', '0', '1'])
    printed = capsys.readouterr().out
    assert out.read_bytes()[:8] == PNG_SIGNATURE
    height, width, _ = cv2.imread(str(out)).shape
    assert (height, width) == (672, 1280)  # 2 x 4 panels, 16 x 8.4 inches at 80 dpi
    assert 'seed 0: Standard NN' in printed and 'seed 1: Standard NN' in printed
    assert 'over seeds 0 1' in printed and f'wrote {out}' in printed


@pytest.mark.slow
def test_an_existing_output_is_kept_unless_overwrite(tmp_path):
    out = tmp_path / 'moons.png'
    out.write_bytes(b'keep')
    result = run_tool('analysis/shallow_dann_moons.py', '--out', out, '--epochs', '1')
    assert result.returncode == 1 and 'pass --overwrite' in result.stderr
    assert out.read_bytes() == b'keep'
    moons_tool.main(['--out', str(out), '--epochs', '1', '--overwrite'])
    assert out.read_bytes()[:8] == PNG_SIGNATURE


def test_out_without_a_suffix_is_checked_as_the_png_it_writes(tmp_path):
    (tmp_path / 'moons.png').write_bytes(b'keep')
    with pytest.raises(FileExistsError, match='moons.png exists; pass --overwrite'):
        moons_tool.main(['--out', str(tmp_path / 'moons'), '--epochs', '1'])
    assert (tmp_path / 'moons.png').read_bytes() == b'keep'
