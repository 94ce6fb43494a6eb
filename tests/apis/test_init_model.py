"""segda.apis.init_model: a trained model from its config and checkpoint, in eval mode on
the device, with the config attached; a checkpoint that does not fit is refused."""
import pytest
import torch
from mmengine.config import Config

from segda.apis import CheckpointMismatchError, init_model, load_config

CONFIG = 'configs/toy/source_only_two_moons.py'
ADR_CONFIG = 'configs/toy/adr_two_moons.py'


def test_builds_the_config_in_eval_mode_with_the_config_attached():
    model = init_model(CONFIG, device='cpu')
    assert type(model).__name__ == 'SourceOnly' and not model.training
    assert all(not module.training for module in model.modules())
    assert isinstance(model.cfg, Config) and model.cfg.model.type == 'SourceOnly'
    assert {p.device.type for p in model.parameters()} == {'cpu'}


def test_loads_a_checkpoint_that_fits(tmp_path):
    torch.manual_seed(1)
    trained = init_model(CONFIG, device='cpu')
    checkpoint = tmp_path / 'iter_1.pth'
    torch.save(dict(state_dict=trained.state_dict()), checkpoint)
    torch.manual_seed(2)
    model = init_model(load_config(CONFIG), str(checkpoint), 'cpu')
    for key, value in trained.state_dict().items():
        assert torch.equal(model.state_dict()[key], value), key


def test_a_method_checkpoint_fits_the_source_only_model_of_its_task(tmp_path):
    """ADR's checkpoint holds its task's weights and ADR-only ones: they are noted, not
    refused (prediction uses the task alone)."""
    adr = init_model(ADR_CONFIG, device='cpu')
    checkpoint = tmp_path / 'adr.pth'
    torch.save(dict(state_dict=adr.state_dict()), checkpoint)
    model = init_model(CONFIG, str(checkpoint), 'cpu')
    assert torch.equal(model.state_dict()['task.generator.layers.0.weight'],
                       adr.state_dict()['task.generator.layers.0.weight'])


def test_refuses_a_checkpoint_that_does_not_fit(tmp_path):
    unrelated = tmp_path / 'unrelated.pth'
    torch.save(dict(state_dict={'encoder.conv.weight': torch.zeros(3)}), unrelated)
    with pytest.raises(CheckpointMismatchError, match=r"'.*unrelated\.pth' does not fit the "
                                                      r'model of the config.*task\.generator'):
        init_model(CONFIG, str(unrelated), 'cpu')

    state = init_model(CONFIG, device='cpu').state_dict()
    state['task.generator.layers.0.weight'] = torch.zeros(7, 2)
    reshaped = tmp_path / 'reshaped.pth'
    torch.save(dict(state_dict=state), reshaped)
    with pytest.raises(CheckpointMismatchError, match=r'another shape \(task\.generator\.'
                                                      r'layers\.0\.weight \(checkpoint \(7, 2\)'):
        init_model(CONFIG, str(reshaped), 'cpu')


def test_names_a_missing_config_or_checkpoint(tmp_path):
    with pytest.raises(FileNotFoundError, match='nowhere.py'):
        init_model(tmp_path / 'nowhere.py', device='cpu')
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        init_model(CONFIG, str(tmp_path / 'missing.pth'), 'cpu')
    with pytest.raises(TypeError, match='a file name or a Config'):
        init_model(dict(model=dict(type='SourceOnly')), device='cpu')
