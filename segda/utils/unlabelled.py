"""Read a dataset without its labels: a split whose labels are withheld (Cityscapes test,
``tools/test.py --format-only``) or unlabelled target images a label-free check scores.

:func:`without_labels` is the one way the library and the tools strip labels from a
dataset config, so that no label file is listed (``with_labels=False``) nor opened (no
``LoadLabel``, which would refuse the label-free samples). It sits in ``segda.utils`` so that
every layer that builds datasets can use it, the evaluation hooks included.
"""
LABEL_READER = 'LoadLabel'


def _type_name(transform) -> str:
    """The class name of a pipeline step: a config's ``type`` (a name, maybe scoped as
    ``segda.LoadLabel``, or a class) or a built transform's class."""
    kind = transform.get('type', '') if isinstance(transform, dict) else type(transform)
    return kind.__name__ if isinstance(kind, type) else str(kind).split('.')[-1]


def without_labels(dataset_cfg) -> dict:
    """A copy of ``dataset_cfg`` that reads no label: ``with_labels=False`` and its
    ``pipeline`` (when it has one) without ``LoadLabel``. ``dataset_cfg`` is unchanged."""
    unlabelled = dict(dataset_cfg, with_labels=False)
    if 'pipeline' in unlabelled:
        unlabelled['pipeline'] = [transform for transform in unlabelled['pipeline']
                                  if _type_name(transform) != LABEL_READER]
    return unlabelled
