"""What a config's task predicts, read before anything is built.

Some tools and flags exist for one kind of task only: ``tools/infer.py`` and ``tools/test.py
--out/--show-dir`` draw or write a class map per pixel (segmentation), while a classifier
predicts one label per image and a re-ID model a descriptor. :func:`task_kind` reads the
kind from the registered class of the config's task (``TaskModel.kind``), and
:func:`require_task_kind` refuses a config of another kind in one line, before any dataset
or checkpoint is read, instead of failing at the first prediction on a missing field.
"""
from typing import Sequence

from segda.registry import MODELS

SEGMENTATION = 'segmentation'
UNKNOWN = 'unknown'


def task_type(cfg) -> str:
    """The type name of the config's task model: ``model.task.type`` under a method, else
    ``model.type``."""
    model = cfg.get('model') or {}
    task = model.get('task', model)
    return task.get('type', '') if isinstance(task, dict) else type(task).__name__


def task_kind(cfg) -> str:
    """``'segmentation'``, ``'classification'``, ``'re-identification'``, or ``'unknown'``
    (a task class that is not registered, or declares no kind), from ``TaskModel.kind``."""
    name = task_type(cfg)
    task_class = MODELS.get(name) if isinstance(name, str) and name else None
    return getattr(task_class, 'kind', UNKNOWN)


def require_task_kind(cfg, what: str, kinds: Sequence[str] = (SEGMENTATION,),
                      hint: str = '') -> str:
    """The config's task kind; ValueError when it is known and not one of ``kinds``, naming
    ``what`` (the tool or flag), the config's task and ``hint`` (what to use instead).
    A task of unknown kind passes: the tool then fails or succeeds on its own."""
    kind = task_kind(cfg)
    if kind not in kinds and kind != UNKNOWN:
        source = f'{cfg.filename}: ' if getattr(cfg, 'filename', None) else ''
        raise ValueError(f'{source}{what} is for {" and ".join(kinds)} models; this config\'s '
                         f'task ({task_type(cfg)}) is a {kind} model.'
                         + (f' {hint}' if hint else ''))
    return kind
