"""configs/classification/adr_ssgan_digits_demo.py trains two iterations through
tools/train.py on a tiny generated digits set and evaluates C."""
import pytest

from segda.apis import relocate_data_roots
from segda.apis.config import read_config
from segda.datasets.classification.digits_demo import generate_digits_demo

from helpers.cli import REPO, run_tool

CONFIG = 'configs/classification/adr_ssgan_digits_demo.py'


@pytest.mark.slow
def test_the_embedded_ssgan_config_trains_two_iterations(tmp_path):
    generate_digits_demo(str(tmp_path / 'data'), num_source_train=60, num_source_test=20,
                         seed=0, target='mnistm')
    options = relocate_data_roots(read_config(REPO / CONFIG), 'data/digits_mnistm_demo',
                                  tmp_path / 'data')
    result = run_tool('train.py', CONFIG, '--work-dir', tmp_path / 'work', '--cfg-options',
                      *options, 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
                      'default_hooks.logger.interval=1',
                      'train_dataloader.dataset.source.num_per_class=2')
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert 'sensitivity_generated' in log and 'feature_matching' in log
    assert 'accuracy:' in log
    assert (tmp_path / 'work' / 'iter_2.pth').is_file()
