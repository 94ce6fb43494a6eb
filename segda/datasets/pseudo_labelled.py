"""An unlabelled classification dataset labelled by a model: the self-labelled target of
reverse validation (Ganin et al., JMLR 2016, Sec. 5.1.2), the labelled source of the reverse
model.

``PseudoLabelledDataset(dataset=..., labels_file=...)`` reads ``dataset`` without its labels
(``segda.utils.without_labels``) and gives each sample the label ``labels_file`` holds for
it: a JSON file ``dict(labels={key: label, ...}, ...)`` written by
:func:`write_pseudo_labels`, where a sample's key is its image file (``img_path``), or its
position in the array file (``index``) for the datasets held in memory (MNIST, SVHN, ...).
Keys, not positions in the dataset, tie a label to its image: a sample skipped as
undecodable in training (another drawn in its place) still gets its own label.
"""
import json
from typing import Dict, Mapping, Union

from torch.utils.data import Dataset

from segda.registry import DATASETS
from segda.utils import without_labels


def sample_key(data_sample: Mapping) -> str:
    """The key of a sample in a pseudo-labels file: its ``img_path``, else its ``index``
    (``#<index>``)."""
    if data_sample.get('img_path') is not None:
        return str(data_sample['img_path'])
    if data_sample.get('index') is not None:
        return f'#{int(data_sample["index"])}'
    raise KeyError('pseudo labels: a sample has neither img_path nor index to be known by; '
                   'PseudoLabelledDataset wraps the classification datasets.')


def write_pseudo_labels(path: str, labels: Mapping[str, int], **about) -> None:
    """Write ``labels`` (sample key -> class index) as JSON, with ``about`` (where they come
    from: config, checkpoint, ...) beside them."""
    with open(path, 'w') as f:
        json.dump(dict(about, labels={key: int(label) for key, label in labels.items()}), f,
                  indent=1)


def read_pseudo_labels(path: str) -> Dict[str, int]:
    """The ``labels`` mapping of a file written by :func:`write_pseudo_labels`."""
    with open(path) as f:
        content = json.load(f)
    if not isinstance(content, dict) or not isinstance(content.get('labels'), dict):
        raise ValueError(f'pseudo labels: {path!r} holds no "labels" mapping (sample key -> '
                         'class index); write it with write_pseudo_labels.')
    return content['labels']


@DATASETS.register_module()
class PseudoLabelledDataset(Dataset):
    """``dataset`` read without its labels, each sample labelled from ``labels_file``.

    Args:
        dataset: a classification dataset config (its own labels are not read).
        labels_file: a pseudo-labels JSON file (module docstring) with a label for every
            sample of ``dataset``.

    Raises:
        ValueError: a sample of ``dataset`` has no label in the file, or a label lies outside
            the dataset's classes (the file and the sample are named).
    """

    def __init__(self, dataset: Union[dict, Dataset], labels_file: str):
        self.dataset = DATASETS.build(without_labels(dataset))
        self.labels_file = labels_file
        self.labels = read_pseudo_labels(labels_file)
        self._check_labels()

    def _check_labels(self) -> None:
        """Every sample has a label, and every label is a class index."""
        num_classes = len(self.metainfo['classes'])
        keys = {sample_key(self.dataset.get_data_info(i)) for i in range(len(self.dataset))}
        missing = sorted(keys - set(self.labels))
        if missing:
            raise ValueError(f'PseudoLabelledDataset: {self.labels_file!r} has no label for '
                             f'{len(missing)} of the {len(keys)} samples (the first: '
                             f'{missing[0]!r}); it was written for another dataset.')
        bad = [(key, label) for key, label in self.labels.items()
               if key in keys and not (isinstance(label, int) and 0 <= label < num_classes)]
        if bad:
            raise ValueError(f'PseudoLabelledDataset: {self.labels_file!r} labels {bad[0][0]!r} '
                             f'{bad[0][1]!r}, not a class index in [0, {num_classes}).')

    @property
    def metainfo(self) -> dict:
        """The wrapped dataset's label space."""
        return self.dataset.metainfo

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> dict:
        sample = self.dataset[index]
        data_sample = sample['data_samples']
        data_sample['gt_label'] = self.labels[sample_key(data_sample)]
        return sample
