"""segda.apis.retrain_classifier on a tiny digits pair (ADR's "retrain classifier", ICLR 2018
Sec. 4.2): G's parameters and BatchNorm buffers stay bit for bit, the replaced classifier
changes and is trained on the source alone, the written checkpoint predicts with it, an
existing checkpoint is not replaced without ``overwrite``, and a method that predicts with a
classifier of its own or a config without a domain pair is refused."""
import pytest
import torch
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

import segda.apis.retrain_classifier as retraining
from segda.apis import init_model, load_config
from segda.apis.config import read_config
from segda.apis.retrain_classifier import retrain_classifier, retrained_part
from segda.apis.scoring import score_on_test_set
from segda.engine.checkpoint import load_local_checkpoint
from segda.registry import MODELS

from helpers.cli import REPO
from helpers.digits_pair import tiny_mnistm_pair

CONFIG = 'configs/classification/adr_digits_mnistm_demo.py'


@pytest.fixture(scope='module')
def tiny_pair(tmp_path_factory):
    """The tiny digits pair, a checkpoint of CONFIG's model and the options for CONFIG."""
    root = tmp_path_factory.mktemp('digits_mnistm')
    return (root, *tiny_mnistm_pair(root, CONFIG))


def config(options, **more):
    return load_config(str(REPO / CONFIG), dict(options, **more))


def weights(state, prefix):
    return {key: value for key, value in state.items() if key.startswith(prefix)}


@pytest.mark.parametrize('clean_head, part', [(True, 'clean_head'), (None, 'head')])
def test_g_stays_bit_for_bit_the_classifier_changes_on_the_source_alone(
        clean_head, part, tiny_pair, tmp_path, monkeypatch, one_thread):
    root, checkpoint, options = tiny_pair
    cfg = config(options, **{'method.clean_head': clean_head,
                             # nothing may read the target training split: it is not there
                             'train_dataloader.dataset.target.data_root': str(tmp_path / 'no')})
    loaded = []

    class SpyRunner(Runner):
        @staticmethod
        def build_dataloader(dataloader, seed=None, diff_rank_seed=False):
            loaded.append(dataloader['dataset'])
            return Runner.build_dataloader(dataloader, seed, diff_rank_seed)

    monkeypatch.setattr(retraining, 'Runner', SpyRunner)
    out = tmp_path / 'retrained.pth'
    result = retrain_classifier(cfg, str(checkpoint), str(out), iters=3, seed=0, device='cpu',
                                log_interval=2, evaluate=False)
    assert [dataset['type'] for dataset in loaded] == ['MNISTDataset']  # the source, once
    assert loaded[0]['data_root'].endswith('data/source')
    before = load_local_checkpoint(str(checkpoint))['state_dict']
    after = load_local_checkpoint(str(out))['state_dict']
    generator = weights(before, 'task.generator.')
    assert any('running_mean' in key for key in generator)  # BatchNorm buffers compared too
    assert weights(after, 'task.generator.').keys() == generator.keys()
    for key, value in generator.items():
        assert torch.equal(after[key], value), key
    replaced = weights(before, 'task.head.' if part == 'head' else 'clean_head.')
    assert replaced and any(not torch.equal(after[key], value)
                            for key, value in replaced.items())
    if part == 'clean_head':  # C keeps its trained weights
        for key, value in weights(before, 'task.head.').items():
            assert torch.equal(after[key], value), key
    assert result['part'] == part and [p['iter'] for p in result['source_curve']] == [2, 3]
    assert load_local_checkpoint(str(out))['meta'] == dict(
        iter=3000, retrained_classifier=dict(part=part, from_checkpoint=str(checkpoint),
                                             iters=3, lr=2e-4, seed=0))


def test_the_written_checkpoint_predicts_with_the_retrained_classifier(tiny_pair, tmp_path,
                                                                       one_thread):
    root, checkpoint, options = tiny_pair
    cfg = config(options)
    out = tmp_path / 'retrained.pth'
    result = retrain_classifier(cfg, str(checkpoint), str(out), iters=4, lr=1e-2, seed=1,
                                device='cpu')
    assert result['before']['accuracy'] == result['after']['accuracy']  # C is kept
    assert result['lr'] == 1e-2
    reloaded = score_on_test_set(init_model(cfg, str(out), 'cpu'), cfg)
    assert reloaded == result['after']  # what was scored in memory is what was written
    assert set(reloaded) >= {'accuracy', 'accuracy_clean'}


def test_an_existing_checkpoint_is_replaced_only_with_overwrite(tiny_pair, tmp_path,
                                                                one_thread):
    root, checkpoint, options = tiny_pair
    cfg = config(options)
    out = tmp_path / 'retrained.pth'
    out.write_bytes(b'an earlier result')
    with pytest.raises(FileExistsError, match=f'{out} exists; pass --overwrite'):
        retrain_classifier(cfg, str(checkpoint), str(out), iters=1, device='cpu',
                           evaluate=False)
    assert out.read_bytes() == b'an earlier result'
    retrain_classifier(cfg, str(checkpoint), str(out), iters=1, device='cpu', evaluate=False,
                       overwrite=True)
    assert 'state_dict' in load_local_checkpoint(str(out))


@pytest.mark.parametrize('name', ['symnets_digits_demo', 'dacs_fcn_synthcity'])
def test_a_method_predicting_with_its_own_classifier_or_network_is_refused(name):
    path = next((REPO / 'configs').rglob(f'{name}*.py'))
    init_default_scope('segda')
    model = MODELS.build(read_config(path).model)
    with pytest.raises(ValueError, match="predicts with a classifier or a network of its own"):
        retrained_part(model)


def test_a_config_without_a_domain_pair_is_refused(tmp_path):
    cfg = load_config(str(REPO / 'configs/classification/oracle_digits_mnistm_demo.py'))
    with pytest.raises(ValueError, match='needs the two training domains'):
        retrain_classifier(cfg, 'unused.pth', str(tmp_path / 'out.pth'), iters=1)
