"""tools/analysis/pad.py and tsne.py on a checkpoint of the embedded DANN config, on a tiny
digits pair: the PAD is reported (and written as JSON), the t-SNE PNG is written, an
existing output is not replaced without --overwrite, a config without a pair is refused;
the label-free class shares of the target predictions."""
import importlib.util
import json
import math

import pytest
import torch
from mmengine.registry import init_default_scope

from segda.apis import init_model, relocate_data_roots
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


def test_pad_refuses_a_config_without_a_domain_pair(tiny_run):
    root, checkpoint, _ = tiny_run
    oracle = 'configs/classification/oracle_digits_demo.py'
    options = relocate_data_roots(read_config(REPO / oracle), 'data/digits_demo',
                                  root / 'data')
    with pytest.raises(ValueError, match='no source/target pair'):
        tool('pad').main([oracle, str(checkpoint), '--cfg-options', *options])


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
