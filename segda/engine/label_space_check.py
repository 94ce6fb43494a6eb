"""Stop a run whose model and datasets disagree on the label space, before any iteration.

A task model has K outputs per sample (``num_classes``); a dataset declares its classes in
``metainfo['classes']``. A K that differs from a dataset's class count trains or scores
the wrong thing silently (a 19-way head on a 3-class dataset, say), so the runner stops.
So does an evaluated dataset with K classes under other names or in another order (a test
folder with ``0`` renamed ``zero``: sorted, every class index shifts).
"""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.runner import BaseLoop

from segda.registry import FUNCTIONS, HOOKS

LOOPS = ('train', 'val', 'test')
EVALUATED = ('val', 'test')


def model_num_classes(model):
    """K of a (wrapped) method's task model, or None when it declares none."""
    model = model.module if is_model_wrapper(model) else model
    return getattr(getattr(model, 'task', model), 'num_classes', None)


def dataset_classes(dataset):
    """The ``metainfo['classes']`` of a dataset (a domain pair: its source's), or None."""
    return (getattr(dataset, 'metainfo', None) or {}).get('classes')


def check_class_counts(num_classes, datasets) -> None:
    """Raise ValueError naming both numbers when K differs from a dataset's class count.

    ``datasets``: ``(what, dataset)`` pairs, e.g. ``('train', dataset)``.
    """
    if num_classes is None:
        return
    for what, dataset in datasets:
        classes = dataset_classes(dataset)
        if classes is not None and len(classes) != num_classes:
            raise ValueError(
                f'the model has K = {num_classes} classes (model.task.num_classes) but the '
                f'{what} dataset {type(dataset).__name__} has {len(classes)} '
                f"(metainfo['classes']); set model.task.num_classes to the dataset's class "
                'count (in the model base config under configs/, or in the leaf config).')


def built_datasets(runner) -> dict:
    """The datasets of the loops ``runner`` has built so far, by loop name (``LOOPS``)."""
    datasets = {}
    for what in LOOPS:
        loop = getattr(runner, f'_{what}_loop', None)
        if isinstance(loop, BaseLoop):
            datasets[what] = loop.dataloader.dataset
    return datasets


def checkpoint_classes(checkpoint: dict):
    """The training data's class names a checkpoint records (``meta['dataset_meta']``,
    written by mmengine's ``Runner.save_checkpoint``), or None."""
    meta = checkpoint.get('meta') or {}
    return (meta.get('dataset_meta') or {}).get('classes')


@HOOKS.register_module()
class LabelSpaceCheckHook(Hook):
    """At ``before_run`` (after the runner has built this run's dataloaders): the model's K
    against every built dataset's class count (:func:`check_class_counts`), and the class
    names of the val and test datasets against the model's label space: the training
    data's in a run that trains, else the loaded checkpoint's (``check_class_names`` of
    ``segda.datasets.label_space``, through ``FUNCTIONS``: the engine imports no dataset).

    A checkpoint is loaded before ``before_run`` (``tools/test.py``) or after it
    (``load_from``); its classes are compared in whichever comes second.
    """

    priority = 'VERY_HIGH'

    def __init__(self):
        self._checkpoint_classes = None

    def before_run(self, runner) -> None:
        check_class_counts(model_num_classes(runner.model), built_datasets(runner).items())
        self._check_class_names(runner)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self._checkpoint_classes = checkpoint_classes(checkpoint)
        self._check_class_names(runner)

    def _check_class_names(self, runner) -> None:
        datasets = built_datasets(runner)
        evaluated = [(what, datasets[what]) for what in EVALUATED if what in datasets]
        check_class_names = FUNCTIONS.get('check_class_names')
        if 'train' in datasets:
            check_class_names(dataset_classes(datasets['train']), evaluated,
                              reference='the training data')
        else:
            check_class_names(self._checkpoint_classes, evaluated,
                              reference="the checkpoint's training data")
