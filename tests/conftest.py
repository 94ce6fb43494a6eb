"""Shared fixtures. Everything runs on the CPU with tiny data made on the fly."""
import os

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

import pytest  # noqa: E402
import torch  # noqa: E402


@pytest.fixture(scope='session')
def tiny_synthcity(tmp_path_factory):
    """A tiny SynthCity (GTA5-format source, Cityscapes-format target) shared by the session."""
    from segda.datasets.synthcity import generate_synthcity
    root = tmp_path_factory.mktemp('synthcity')
    generate_synthcity(root, num_source=8, num_target=8, num_val=4, size=(128, 64), seed=0)
    return root


@pytest.fixture(scope='session')
def tiny_pedestrians(tmp_path_factory):
    """A tiny embedded pedestrians pair (VIPeR-like source, PRID-like target)."""
    from segda.datasets.reid.pedestrians import generate_pedestrians
    root = tmp_path_factory.mktemp('pedestrians')
    generate_pedestrians(str(root), num_viper=12, num_prid_shared=8, num_prid_only_a=1,
                         num_prid_only_b=2, seed=0)
    return root


@pytest.fixture
def one_thread():
    """Tiny networks train fastest on one thread: more only oversubscribe the shared cores
    (a small training test takes ~1 s on one thread, over a minute on two when loaded)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
