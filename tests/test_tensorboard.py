"""tools/train.py --tensorboard: event files with the scalars and colourised predictions."""
import pytest

from segda.apis import config

from cli_helpers import run_tool, synthcity_options

CONFIG = 'configs/source_only_fcn_synthcity.py'


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
