"""tools/analysis/pad.py and tsne.py on a checkpoint of the embedded DANN config, on a tiny
digits pair: the PAD is reported (and written as JSON), the t-SNE PNG is written, an
existing output is not replaced without --overwrite, a config without a pair, a checkpoint
of another task and a --max-samples below 2 are refused; the label-free class shares of the
target predictions."""
import importlib.util
import json
import math

import pytest
import torch
from mmengine.registry import init_default_scope

from segda.apis import init_model, relocate_data_roots
from segda.apis.checkpoint_check import CheckpointMismatchError
from segda.apis.config import read_config
from segda.datasets.classification.digits_demo import generate_digits_demo
from segda.evaluation.domain_features import domain_loader, predicted_class_shares
from segda.registry import MODELS

from cli_helpers import REPO, run_tool

pytestmark = pytest.mark.slow

CONFIG = 'configs/classification/dann_digits_demo.py'


def tool(name):
    """tools/analysis/<name>.py as a module (its main(argv) runs in this process)."""
    spec = importlib.util.spec_from_file_location(name, REPO / 'tools' / 'analysis' / f'{name}.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def tiny_run(tmp_path_factory):
    """A tiny digits pair, an (untrained) checkpoint of CONFIG's model, the options that point
    the configs at the pair."""
    root = tmp_path_factory.mktemp('digits')
    generate_digits_demo(str(root / 'data'), num_source_train=48, num_source_test=8, seed=0)
    cfg = read_config(REPO / CONFIG)
    init_default_scope('segda')
    torch.manual_seed(0)
    checkpoint = root / 'iter_0.pth'
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()), checkpoint)
    options = relocate_data_roots(cfg, 'data/digits_demo', root / 'data')
    return root, checkpoint, options


def test_pad_tool_reports_and_writes_the_proxy_a_distance(tiny_run):
    root, checkpoint, options = tiny_run
    out = root / 'pad.json'
    args = [CONFIG, checkpoint, '--max-samples', 40, '--out', out, '--cfg-options', *options]
    result = run_tool('analysis/pad.py', *args)
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'PAD = ' in result.stdout
    saved = json.loads(out.read_text())
    assert -2.0 <= saved['pad'] <= 2.0 and saved['num_per_domain'] == 40
    assert saved['pad'] == pytest.approx(2 * (1 - 2 * saved['error']))
    with pytest.raises(FileExistsError, match='--overwrite'):
        tool('pad').main(list(map(str, args)))


def test_tsne_tool_writes_the_png(tiny_run):
    root, checkpoint, options = tiny_run
    out = root / 'tsne.png'
    tool('tsne').main([CONFIG, str(checkpoint), '--out', str(out), '--max-samples', '30',
                       '--cfg-options', *options])
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


@pytest.mark.parametrize('name, suffix', [('tsne', '.png'), ('pad', '.json')])
def test_out_without_a_suffix_is_checked_as_the_file_written(name, suffix, tiny_run):
    root, checkpoint, options = tiny_run
    written = root / f'earlier_{name}{suffix}'  # what `--out earlier_<name>` writes
    written.write_text('earlier results')
    with pytest.raises(FileExistsError, match=f'--out {written} exists; pass --overwrite'):
        tool(name).main([CONFIG, str(checkpoint), '--out', str(root / f'earlier_{name}'),
                         '--max-samples', '30', '--cfg-options', *options])
    assert written.read_text() == 'earlier results'


def test_pad_refuses_a_config_without_a_domain_pair(tiny_run):
    root, checkpoint, _ = tiny_run
    oracle = 'configs/classification/oracle_digits_demo.py'
    options = relocate_data_roots(read_config(REPO / oracle), 'data/digits_demo',
                                  root / 'data')
    with pytest.raises(ValueError, match='no source/target pair'):
        tool('pad').main([oracle, str(checkpoint), '--cfg-options', *options])


@pytest.mark.parametrize('name, out', [('pad', 'pad.json'), ('tsne', 'tsne.png')])
def test_another_tasks_checkpoint_or_too_few_samples_are_refused_naming_them(
        name, out, tiny_run, tmp_path, capsys):
    root, _, options = tiny_run
    reid = read_config(REPO / 'configs/reid/dann_pedestrians_demo.py')
    checkpoint = tmp_path / 'reid.pth'
    torch.save(dict(state_dict=MODELS.build(reid.model).state_dict()), checkpoint)
    with pytest.raises(CheckpointMismatchError, match=r'reid\.pth.*does not fit'):
        tool(name).main([CONFIG, str(checkpoint), '--out', str(tmp_path / out),
                         '--cfg-options', *options])
    for bad in ('0', '1', '-3'):
        with pytest.raises(SystemExit) as stop:
            tool(name).main([CONFIG, str(checkpoint), '--max-samples', bad])
        assert stop.value.code == 2  # argparse's usage error, before anything is loaded
        assert (f"argument --max-samples: must be an integer >= 2; got '{bad}'"
                in capsys.readouterr().err)


def test_predicted_class_shares_read_no_label(tiny_run):
    root, checkpoint, options = tiny_run
    cfg = read_config(REPO / CONFIG)
    cfg.merge_from_dict(dict(option.split('=', 1) for option in options))
    model = init_model(cfg, str(checkpoint), 'cpu')
    target = dict(cfg.train_dataloader.dataset.target)
    assert target['with_labels'] is False  # the unlabelled target training split
    shares, entropy = predicted_class_shares(model, domain_loader(target, 50), 10)
    assert shares.shape == (10,) and shares.sum() == pytest.approx(1.0)
    assert all(share * 50 == pytest.approx(round(share * 50)) for share in shares)
    assert 0.0 <= entropy <= math.log(10) + 1e-6
