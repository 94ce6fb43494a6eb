"""tools/analysis/pad.py, tsne.py and reverse_validation.py on a checkpoint of the embedded
DANN config, on a tiny digits pair: the PAD is reported (and written as JSON), the t-SNE PNG
is written, an existing output is not replaced without --overwrite, a config without a pair,
a checkpoint of another task and a --max-samples below 2 are refused; the label-free class
shares of the target predictions; the reverse model trained on the pseudo-labels and scored
on the held-out source."""
import json
import math

import pytest
import torch
from mmengine.registry import init_default_scope

from segda.apis import init_model, relocate_data_roots
from segda.apis.checkpoint_check import CheckpointMismatchError
from segda.apis.config import read_config
from segda.apis.reverse_validation import source_split
from segda.datasets.classification.digits_demo import generate_digits_demo
from segda.engine.checkpoint import load_local_checkpoint
from segda.evaluation.domain_features import domain_loader, predicted_class_shares
from segda.registry import DATASETS, MODELS

from helpers.cli import REPO, load_tool, run_tool

pytestmark = pytest.mark.slow

CONFIG = 'configs/classification/dann_digits_demo.py'


def tool(name):
    """tools/analysis/<name>.py as a module (its main(argv) runs in this process)."""
    return load_tool(f'analysis/{name}.py')


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
    assert saved['features'] == 'generator' and '-d generator features' in result.stdout
    with pytest.raises(FileExistsError, match='--overwrite'):
        tool('pad').main(list(map(str, args)))
    on_logits = tool('pad').main(list(map(str, args + ['--overwrite', '--features', 'output'])))
    assert json.loads(out.read_text())['features'] == 'output'
    assert -2.0 <= on_logits.pad <= 2.0 and on_logits.num_per_domain == 40


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


@pytest.mark.parametrize('name, out, what', [('pad', 'pad.json', 'the proxy A-distance'),
                                             ('tsne', 'tsne.png', 'the t-SNE of both domains')])
def test_pad_and_tsne_refuse_a_config_without_a_domain_pair(name, out, what, tiny_run,
                                                            tmp_path):
    root, checkpoint, _ = tiny_run
    oracle = 'configs/classification/oracle_digits_demo.py'
    options = relocate_data_roots(read_config(REPO / oracle), 'data/digits_demo',
                                  root / 'data')
    with pytest.raises(ValueError, match=f'{what} needs the two training domains'):
        tool(name).main([oracle, str(checkpoint), '--out', str(tmp_path / out),
                         '--cfg-options', *options])


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


# ---------------------------------------------------------------------- reverse validation

ONE_CLASS = 7


@pytest.fixture(scope='module')
def one_class_run(tmp_path_factory):
    """The digits pair at 300 source training images, and a checkpoint of CONFIG's model
    that predicts ONE_CLASS for every image (its classifier's weights 0, that class's bias
    large)."""
    root = tmp_path_factory.mktemp('reverse')
    generate_digits_demo(str(root / 'data'), num_source_train=300, num_source_test=100, seed=0)
    cfg = read_config(REPO / CONFIG)
    init_default_scope('segda')
    model = MODELS.build(cfg.model)
    classifier = model.task.head.classifier
    with torch.no_grad():
        classifier.weight.zero_()
        classifier.bias.zero_()
        classifier.bias[ONE_CLASS] = 100.0
    checkpoint = root / 'one_class.pth'
    torch.save(dict(state_dict=model.state_dict()), checkpoint)
    return root, checkpoint, relocate_data_roots(cfg, 'data/digits_demo', root / 'data')


def held_out_share(root, held_out, seed, label):
    """The share (%) of the source training images held out by ``source_split`` whose
    label is ``label``."""
    source = DATASETS.build(dict(type='MNISTDataset', data_root=str(root / 'data' / 'source')))
    _, held = source_split(len(source), held_out, seed)
    labels = [source.get_data_info(i)['gt_label'] for i in held]
    return 100.0 * labels.count(label) / len(labels)


def test_reverse_validation_trains_the_reverse_model_on_the_pseudo_labels(one_class_run):
    """A model that predicts one class everywhere pseudo-labels the whole target with it; the
    reverse model, trained on those labels alone, predicts it too, so its accuracy on the
    held-out source is that class's share there."""
    root, checkpoint, options = one_class_run
    out, work_dir = root / 'rv.json', root / 'reverse'
    args = [CONFIG, checkpoint, '--work-dir', work_dir, '--held-out', 0.2, '--seed', 3,
            '--max-iters', 30, '--out', out, '--cfg-options', *options]
    result = run_tool('analysis/reverse_validation.py', *args)
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'reverse validation accuracy' in result.stdout
    saved = json.loads(out.read_text())
    assert (saved['source_train'], saved['source_held_out']) == (240, 60)
    assert saved['target_pseudo_labelled'] == 1300 and saved['reverse_max_iters'] == 30
    assert saved['pseudo_label_shares'][ONE_CLASS] == 1.0
    pseudo = json.loads((work_dir / 'pseudo_labels.json').read_text())
    assert set(pseudo['labels'].values()) == {ONE_CLASS} and len(pseudo['labels']) == 1300
    assert (work_dir / 'iter_30.pth').is_file()
    share = held_out_share(root, 0.2, 3, ONE_CLASS)
    assert 0 < share < 50
    assert saved['reverse_accuracy'] == pytest.approx(share)
    assert saved['reverse_risk'] == pytest.approx(1 - share / 100)
    with pytest.raises(FileExistsError, match='--overwrite'):
        tool('reverse_validation').main(list(map(str, args)))
    without_out = [str(arg) for arg in args if arg not in ('--out', out)]
    with pytest.raises(FileExistsError, match='already holds checkpoints'):
        tool('reverse_validation').main(without_out)


def test_reverse_validation_refuses_a_held_out_share_outside_0_1(one_class_run, capsys):
    root, checkpoint, _ = one_class_run
    with pytest.raises(SystemExit) as exit_info:
        tool('reverse_validation').main([CONFIG, str(checkpoint), '--held-out', '1'])
    assert exit_info.value.code == 2
    assert "argument --held-out: must be a number between 0 and 1" in capsys.readouterr().err


def test_reverse_model_starts_from_the_model_with_init_from_model(one_class_run):
    """--init-from-model (the paper's better start): the reverse model's first checkpoint
    keeps the one-class model's classifier bias, which the config's initialisation lacks."""
    root, checkpoint, options = one_class_run
    work_dir = root / 'reverse_init'
    result = run_tool('analysis/reverse_validation.py', CONFIG, checkpoint, '--work-dir',
                      work_dir, '--max-iters', 1, '--init-from-model', '--cfg-options', *options)
    assert result.returncode == 0, result.stderr[-2000:]
    state = load_local_checkpoint(str(work_dir / 'iter_1.pth'), 'cpu')['state_dict']
    bias = state['task.head.classifier.bias']
    assert bias[ONE_CLASS] > 90 and bias.abs().sum() - bias[ONE_CLASS].abs() < 10


@pytest.mark.parametrize('config,match', [
    ('configs/dann_fcn_synthcity.py', "covers classification tasks, and the config's task is "
                                      "'Segmentor'"),
    ('configs/classification/oracle_digits_demo.py',
     'needs the two training domains of a DomainPairDataset'),
])
def test_reverse_validation_refuses_segmentation_and_single_domain_configs(tmp_path, config,
                                                                          match):
    with pytest.raises(ValueError, match=match):
        tool('reverse_validation').main([config, str(tmp_path / 'none.pth'),
                                         '--work-dir', str(tmp_path / 'rv')])
