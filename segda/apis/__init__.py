"""The application layer: what the tools do, as functions (config loading and checks,
training with its resume policy, loading a trained model), above the methods.

``segda.engine`` is the runtime these build on (optimisers, schedules, loops, hooks,
AMP, processes, checkpoint files); nothing below this package decides a tool's policy.
"""
from .checkpoint_check import CheckpointMismatchError, load_fitting_weights
from .cli import USER_ERRORS, run_main
from .config import (
    enable_amp,
    enable_tensorboard,
    load_config,
    put_method_around_model,
    read_config,
)
from .data_roots import (
    LOADERS,
    check_data_roots,
    check_output_path,
    datasets_with_root,
    relocate_data_roots,
)
from .domain_pair import training_domains
from .inference import default_device, init_model
from .predictor import Predictor
from .task_kind import require_task_kind, task_kind
from .training import train

__all__ = ['CheckpointMismatchError', 'load_fitting_weights', 'USER_ERRORS', 'run_main',
           'enable_amp', 'enable_tensorboard', 'load_config',
           'put_method_around_model', 'read_config', 'LOADERS', 'check_data_roots',
           'check_output_path', 'datasets_with_root', 'relocate_data_roots', 'default_device',
           'init_model', 'Predictor', 'require_task_kind', 'task_kind', 'train',
           'training_domains']
