"""A seeded labelled subset of a classification dataset: N labelled samples per class, as
the semi-supervised benchmarks draw them (SVHN 1000 labels = 100 per class, CIFAR-10 4000
labels = 400 per class; Salimans et al. 2016, ADR Sec. 4.3).

``labelled_indices(labels, num_per_class, seed)`` takes, for each class, the first N of a
seeded random permutation of its samples; ``LabelledSubsetDataset`` wraps a dataset and
serves those samples (``part='labelled'``) or all the others (``part='rest'``), the two
disjoint and together the whole dataset. The usual unlabelled set of the benchmarks is the
whole training set without labels (the inner dataset with ``with_labels=False``); ``'rest'``
gives the unlabelled part that excludes the labelled samples.
"""
from typing import Union

import numpy as np
from torch.utils.data import Dataset

from segda.registry import DATASETS
from segda.utils import check_choice, check_positive_int

PARTS = ('labelled', 'rest')


def labelled_indices(labels, num_per_class: int, seed: int = 0) -> np.ndarray:
    """Sorted indices of ``num_per_class`` samples of each class present in ``labels``,
    drawn with ``numpy.random.default_rng(seed)``; a ValueError naming the class when it has
    fewer samples."""
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    chosen = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < num_per_class:
            raise ValueError(f'labelled subset: class {label} has {len(members)} samples, '
                             f'fewer than num_per_class={num_per_class}.')
        chosen.append(rng.permutation(members)[:num_per_class])
    return np.sort(np.concatenate(chosen))


@DATASETS.register_module()
class LabelledSubsetDataset(Dataset):
    """``dataset`` restricted to its seeded labelled subset or to the rest (module docstring).

    Args:
        dataset: config (or instance) of a labelled classification dataset.
        num_per_class: N labelled samples per class.
        seed: the draw's seed (the same seed gives the same subset).
        part: ``'labelled'`` (the N per class, with labels) or ``'rest'``.
        with_labels: False drops ``gt_label`` from the samples served (an unlabelled part).
    """

    def __init__(self, dataset: Union[dict, Dataset], num_per_class: int, seed: int = 0,
                 part: str = 'labelled', with_labels: bool = True):
        check_choice('LabelledSubsetDataset: part', part, PARTS)
        self.dataset = DATASETS.build(dataset) if isinstance(dataset, dict) else dataset
        self.num_per_class = check_positive_int('LabelledSubsetDataset', 'num_per_class',
                                                num_per_class)
        labels = [self.dataset.get_data_info(i).get('gt_label')
                  for i in range(len(self.dataset))]
        if any(label is None for label in labels):
            raise ValueError('LabelledSubsetDataset: the inner dataset must be built with its '
                             'labels (with_labels=True) to draw N per class; set with_labels='
                             'False on LabelledSubsetDataset for an unlabelled part.')
        chosen = labelled_indices(labels, self.num_per_class, seed)
        if part == 'rest':
            chosen = np.setdiff1d(np.arange(len(labels)), chosen)
        self.indices = chosen
        self.with_labels = with_labels
        self.metainfo = self.dataset.metainfo

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index: int) -> dict:
        sample = self.dataset[int(self.indices[index])]
        if not self.with_labels:
            sample['data_samples'].pop('gt_label', None)
        return sample
