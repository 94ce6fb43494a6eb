"""tools/train.py --tensorboard: event files with the scalars and colourised predictions
(segmentation), the scalars only (classification, re-ID); an unwritable work dir in one line."""
import pytest
from mmengine.config import Config

from segda.apis import config, relocate_data_roots
from segda.apis.config import read_config

from helpers.cli import REPO, run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'
DIGITS = 'configs/classification/dann_digits_demo.py'


@pytest.mark.slow
def test_tensorboard_writes_scalars_and_predictions(tiny_synthcity, tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    work_dir = tmp_path / 'work'
    result = run_tool('train.py', CONFIG, '--work-dir', work_dir, '--tensorboard',
                      '--cfg-options', *synthcity_options(CONFIG, tiny_synthcity),
                      'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
                      'default_hooks.logger.interval=1', 'model.task.decoder.channels=16')
    assert result.returncode == 0, result.stderr[-3000:]
    events = list(work_dir.rglob('events.out.tfevents.*'))
    assert len(events) == 1
    accumulator = EventAccumulator(str(events[0].parent), size_guidance={'images': 0})
    accumulator.Reload()
    scalars = accumulator.Tags()['scalars']
    assert {'loss_task', 'lr', 'mIoU'} <= set(scalars), scalars
    assert [event.step for event in accumulator.Scalars('loss_task')] == [1, 2]
    images = accumulator.Tags()['images']
    assert len(images) == 4 and all(tag.startswith('val_predictions/') for tag in images)
    image = accumulator.Images(images[0])[0]
    assert image.step == 2 and image.encoded_image_string.startswith(b'\x89PNG')
    assert image.width == 3 * image.height * 2  # image | overlay | ground truth, each 2:1


def test_missing_tensorboard_is_explained(monkeypatch):
    monkeypatch.setattr(config.importlib.util, 'find_spec', lambda name: None)
    with pytest.raises(ValueError, match=r"needs the tensorboard package: pip install -e "
                                         r"'\.\[tensorboard\]'"):
        config.enable_tensorboard(dict())


def test_tensorboard_keeps_the_config_backends():
    from mmengine.config import Config
    cfg = Config(dict(visualizer=dict(type='Visualizer',
                                      vis_backends=[dict(type='LocalVisBackend')])))
    config.enable_tensorboard(cfg, max_images=2)
    assert [b['type'] for b in cfg.visualizer.vis_backends] == ['LocalVisBackend',
                                                                'TensorboardVisBackend']
    assert cfg.custom_hooks == [dict(type='LogPredictionsHook', max_images=2)]


@pytest.mark.parametrize('config_file', [DIGITS, 'configs/reid/dann_pedestrians_demo.py'])
def test_tensorboard_draws_no_predictions_for_classification_or_reid(config_file, capsys):
    cfg = read_config(REPO / config_file)
    config.enable_tensorboard(cfg)
    assert cfg.visualizer.vis_backends[-1] == dict(type='TensorboardVisBackend')
    assert all(hook['type'] != 'LogPredictionsHook' for hook in cfg.get('custom_hooks', []))
    assert 'logs its scalars' in capsys.readouterr().out


def _digits_options(root):
    return relocate_data_roots(Config.fromfile(REPO / DIGITS), 'data/digits_demo', root)


@pytest.mark.slow
def test_tensorboard_on_classification_trains_validates_and_logs_accuracy(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    from segda.datasets.classification.digits_demo import generate_digits_demo
    generate_digits_demo(str(tmp_path / 'digits'), num_source_train=32, num_source_test=8)
    work_dir = tmp_path / 'work'
    result = run_tool('train.py', DIGITS, '--work-dir', work_dir, '--tensorboard',
                      '--cfg-options', *_digits_options(tmp_path / 'digits'),
                      'train_cfg.max_iters=2', 'train_cfg.val_interval=2')
    assert result.returncode == 0, result.stderr[-3000:]
    assert (work_dir / 'iter_2.pth').is_file()
    events = list(work_dir.rglob('events.out.tfevents.*'))
    accumulator = EventAccumulator(str(events[0].parent))
    accumulator.Reload()
    assert 'accuracy' in accumulator.Tags()['scalars']
    assert accumulator.Tags()['images'] == []


@pytest.mark.slow
@pytest.mark.parametrize('work_dir', ['/sys', '/sys/segda_work'])  # unwritable even by root
def test_an_unwritable_work_dir_is_one_line(work_dir, tmp_path):
    (tmp_path / 'digits' / 'source').mkdir(parents=True)  # the folders exist; nothing is read
    (tmp_path / 'digits' / 'target').mkdir()
    result = run_tool('train.py', DIGITS, '--work-dir', work_dir, '--tensorboard',
                      '--cfg-options', *_digits_options(tmp_path / 'digits'))
    assert result.returncode == 1
    assert f'error: cannot write in the work dir {work_dir} (' in result.stderr
    assert '--work-dir DIR' in result.stderr and 'Traceback' not in result.stderr
