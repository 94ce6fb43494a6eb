"""make_synthcity.py --overwrite removes only the files SynthCity wrote
(its manifest), and refuses a symbolically linked folder among those it writes into."""
import shutil

from helpers.cli import load_tool

make_synthcity = load_tool('make_synthcity.py')

ARGS = ['--num-source', '2', '--num-target', '1', '--num-val', '1', '--size', '64x32',
        '--workers', '1']


def _make(out, *extra):
    return make_synthcity.main(['--out', str(out), *ARGS, *extra])


def test_overwrite_keeps_files_synthcity_did_not_write(tmp_path):
    assert _make(tmp_path) == 0
    mine = [tmp_path / 'gta5' / 'notes.txt', tmp_path / 'cityscapes' / 'extra' / 'calib.json']
    for path in mine:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('not SynthCity')
    assert _make(tmp_path, '--overwrite') == 0
    assert all(path.read_text() == 'not SynthCity' for path in mine)
    assert (tmp_path / 'gta5' / 'images' / '00001.png').is_file()  # written anew


def test_a_linked_output_folder_is_refused(tmp_path, capsys):
    other = tmp_path / 'other'
    (other / 'images').mkdir(parents=True)
    (other / 'images' / '00000.png').write_bytes(b'someone else')
    out = tmp_path / 'out'
    assert _make(out) == 0
    shutil.rmtree(out / 'gta5')
    (out / 'gta5').symlink_to(other)  # a SynthCity folder whose source now points elsewhere
    for flag in ('--overwrite', '--skip-existing'):
        assert _make(out, flag) == 2
        assert 'symbolic link' in capsys.readouterr().err
    assert [p.name for p in (other / 'images').iterdir()] == ['00000.png']
    assert (other / 'images' / '00000.png').read_bytes() == b'someone else'
