"""Training as ``tools/train.py`` runs it: one run per work dir, and never over finished
work by accident.

:func:`train` checks the dataset folders, starts the process group of ``cfg.launcher``,
holds the work dir's lock (``workdir_lock.py``), decides where the run starts
(``resume.py``: the newest complete checkpoint, a given one, or iteration 0, refused in a
work dir that holds checkpoints unless ``overwrite``), checks that the checkpoint it starts
from fits the model (:func:`check_start_checkpoint`) and trains with mmengine's Runner.
"""
import copy
import os
import os.path as osp
from typing import Optional, Union

from mmengine.config import Config
from mmengine.model import is_model_wrapper
from mmengine.runner import Runner

from segda.engine.checkpoint import load_local_checkpoint
from segda.engine.dist import distributed

from .checkpoint_check import check_resumable, check_weights_fit, state_dict_of
from .config import load_config, put_method_around_model
from .data_roots import check_data_roots
from .resume import newest_checkpoint, refuse_fresh_start, refuse_nothing_to_train
from .workdir_lock import work_dir_lock

# ``resume=AUTO``: continue from the newest complete checkpoint of the work dir.
AUTO = 'auto'


def _set_start(cfg, resume: Optional[str], overwrite: bool) -> None:
    """Set ``cfg.resume`` and ``cfg.load_from`` for where the run starts (see :func:`train`)."""
    if resume == AUTO:
        latest = newest_checkpoint(cfg.work_dir)
        if latest is None:
            print(f'--resume: {cfg.work_dir} holds no checkpoint; training starts at '
                  'iteration 0.', flush=True)
        cfg.resume, cfg.load_from = latest is not None, latest
    elif resume is not None:
        cfg.resume, cfg.load_from = True, resume
    elif not overwrite:
        refuse_fresh_start(cfg.work_dir)


def check_start_checkpoint(cfg, model) -> None:
    """Refuse a checkpoint the run would start from wrongly, before training.

    mmengine loads ``load_from`` with ``strict=False`` (a checkpoint of another network
    leaves the model as initialised, with a "missing keys" warning), resumes a checkpoint of
    another model until the optimisers' states fail (an ``AssertionError``), and resumes at or
    past ``max_iters`` into a loop that trains nothing, exit 0. So: ``load_from`` must hold
    the task's weights (:func:`check_weights_fit`, as ``tools/test.py``); a resumed
    checkpoint must hold exactly the model's weights (:func:`check_resumable`) and leave
    iterations to train (:func:`refuse_nothing_to_train`). A remote ``load_from`` (a URL)
    is left to mmengine's loaders. The file is read here once more than mmengine reads it
    (0.1 s for a 205 MB checkpoint of ResNet-50 weights and momenta, from the page cache),
    and not kept.
    """
    filename = cfg.get('load_from')
    if not filename or '://' in str(filename):
        return
    if is_model_wrapper(model):
        model = model.module
    checkpoint = load_local_checkpoint(filename, map_location='cpu')
    if cfg.get('resume'):
        refuse_nothing_to_train(checkpoint, filename, (cfg.get('train_cfg') or {}).get('max_iters'))
        check_resumable(model, checkpoint, filename)
    else:
        check_weights_fit(model, state_dict_of(checkpoint, filename), filename)


def train(config: Union[str, os.PathLike, Config], resume: Optional[str] = None,
          overwrite: bool = False) -> Runner:
    """Train the model of ``config`` as ``tools/train.py`` does; returns the Runner after
    training (``runner.model``, ``runner.work_dir``).

    Args:
        config: a config file (read by :func:`~segda.apis.config.load_config`) or a loaded
            ``Config`` (``--cfg-options``, ``--amp``, ... already applied); it is not changed.
            ``cfg.launcher`` (default ``'none'``) names the process launcher.
        resume: None to start at iteration 0; ``'auto'`` to continue from the newest complete
            checkpoint of the work dir (iteration 0 when it holds none, said on stdout); a
            checkpoint path to continue from that file.
        overwrite: with ``resume=None``, start over in a work dir that holds checkpoints
            (they get replaced); without it such a work dir is refused.

    Raises:
        FileNotFoundError: a dataset folder of the train or val loader, or the ``resume``
            checkpoint, is missing.
        FileExistsError: ``resume=None`` and ``overwrite=False`` in a work dir that holds
            checkpoints.
        WorkDirBusyError: another training run holds the work dir.
        ValueError: ``resume`` and ``overwrite`` both given; a resumed checkpoint saved at
            ``max_iters`` or later.
        CheckpointMismatchError: the ``load_from`` or resumed checkpoint does not fit the
            model (:func:`check_start_checkpoint`).
    """
    if resume is not None and overwrite:
        raise ValueError('resume and overwrite exclude each other: --resume continues the run '
                         'in the work dir, --overwrite starts it over.')
    if isinstance(config, (str, os.PathLike)):
        cfg = load_config(os.fspath(config))
    else:
        cfg = put_method_around_model(copy.deepcopy(config))
    check_data_roots(cfg, ('train_dataloader', 'val_dataloader'))
    if resume not in (None, AUTO) and not osp.isfile(resume):
        raise FileNotFoundError(f'--resume checkpoint not found: {resume!r}')
    with distributed(cfg.get('launcher', 'none'), cfg.get('env_cfg', {}).get('dist_cfg')), \
            work_dir_lock(cfg.work_dir):
        _set_start(cfg, resume, overwrite)
        runner = Runner.from_cfg(cfg)
        check_start_checkpoint(cfg, runner.model)
        runner.train()
    return runner
