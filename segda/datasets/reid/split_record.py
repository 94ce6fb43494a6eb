"""``ReIDSplitRecordHook``: write every re-ID split of a run to its work dir.

At ``before_run`` (the dataloaders are configured; the hook builds nothing that the run
would not build) each re-ID dataset of the train, val and test dataloaders (the source
and the target of a domain pair) writes its seed and membership,
``<work_dir>/reid_split_<Dataset>_<split>_seed<seed>.json``
(:meth:`ReIDDataset.write_split_record`), so a result can be reproduced: the identities
and images of its train, query and gallery parts.
"""
from mmengine.hooks import Hook
from mmengine.runner import BaseLoop

from segda.registry import HOOKS

from .base import ReIDDataset

LOADERS = ('train', 'val', 'test')


def reid_datasets(dataset):
    """The re-ID datasets in ``dataset``: itself, or the source and target of a pair."""
    if isinstance(dataset, ReIDDataset):
        return [dataset]
    parts = [getattr(dataset, name, None) for name in ('source', 'target')]
    return [part for part in parts if isinstance(part, ReIDDataset)]


@HOOKS.register_module()
class ReIDSplitRecordHook(Hook):
    """Write the split records of the run's re-ID datasets to ``runner.work_dir``."""

    priority = 'VERY_HIGH'

    def before_run(self, runner) -> None:
        for what in LOADERS:
            loop = getattr(runner, f'_{what}_loop', None)
            if isinstance(loop, BaseLoop):  # built for this run (test.py builds no train loop)
                for part in reid_datasets(loop.dataloader.dataset):
                    part.write_split_record(runner.work_dir)
