"""Stop a run whose model and datasets disagree on the label space, before any iteration.

A task model has K outputs per sample (``num_classes``); a dataset declares its classes in
``metainfo['classes']``. A K that differs from a dataset's class count trains or scores
the wrong thing silently (a 19-way head on a 3-class dataset, say), so the runner stops.
"""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.runner import BaseLoop

from segda.registry import HOOKS

LOOPS = ('train', 'val', 'test')


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
                f"(metainfo['classes']); set num_classes in the dataset's label-space base "
                'config (configs/_base_/datasets/) and let the model read it.')


@HOOKS.register_module()
class LabelSpaceCheckHook(Hook):
    """At ``before_run`` (after the runner has built this run's dataloaders): the model's K
    against every built dataset's class count (:func:`check_class_counts`)."""

    priority = 'VERY_HIGH'

    def before_run(self, runner) -> None:
        datasets = []
        for what in LOOPS:
            loop = getattr(runner, f'_{what}_loop', None)
            if isinstance(loop, BaseLoop):
                datasets.append((what, loop.dataloader.dataset))
        check_class_counts(model_num_classes(runner.model), datasets)
