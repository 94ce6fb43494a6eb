"""Part of a dataset, chosen in its config: ``indices``, which mmengine's ``BaseDataset``
reads when it is built.

SegDA takes subsets this way and never through ``BaseDataset.get_subset``: in mmengine-lite
0.10, ``get_subset`` copies the dataset through ``_copy_without_annotation(memo=dict())``,
whose default ``memo`` is one dict shared by every call of the process. It keeps the
``id()`` of each object it copied, and once such an object is freed, a new object that gets
the same ``id()`` is "copied" as the stale entry: a long-lived process (a benchmark, a
selection study) then reads a dataset whose pipeline is another object, an earlier
dataset among them ("'MNISTMDataset' object is not callable", seen in the digits benchmark
after 16 runs in one process).
"""
from typing import Sequence


def dataset_subset(dataset_cfg: dict, positions: Sequence[int]) -> dict:
    """A copy of ``dataset_cfg`` restricted to its samples at ``positions``, counted within
    the samples its own ``indices`` (a count of first samples, or a list), if any, keep."""
    kept = dataset_cfg.get('indices')
    if isinstance(kept, int):
        kept = list(range(kept))
    indices = [kept[i] for i in positions] if kept is not None else [int(i) for i in positions]
    return dict(dataset_cfg, indices=indices)
