"""Where a config's datasets live: every dataset with a ``data_root`` in its dataloaders.

Configs resolve ``data_root`` when they are parsed, so a top-level ``--cfg-options
data_root=...`` does not reach the datasets (as in MMSegmentation). One walker,
:func:`datasets_with_root`, finds each dataset config that has a root, at any depth: the
``source`` and ``target`` of a ``DomainPairDataset``, the ``datasets`` list of a
``ConcatDataset``. The tools use it to refuse a missing dataset folder before anything is
built (:func:`check_data_roots`), to keep their outputs out of the data
(:func:`check_output_path`) and to move a config to another copy of its data
(:func:`relocate_data_roots`).
"""
import os.path as osp
from pathlib import Path
from typing import Iterator, List, Tuple

from segda.registry import DATASETS
from segda.utils.paths import is_inside

LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')

# The embedded data sets: the folder a tool writes by default -> the command that makes it.
EMBEDDED = {
    'synthcity': 'python tools/make_synthcity.py --out {root}',
    'digits_demo': 'python tools/make_digits.py --target handwriting --out {root}',
    'digits_mnistm_demo': 'python tools/make_digits.py --target mnistm --out {root}',
    'pedestrians_demo': 'python tools/make_pedestrians.py --out {root}',
}
# The section of docs/datasets.md on getting each kind of real dataset, by the package
# that defines the dataset's class.
DOCS_SECTIONS = {
    'segda.datasets.classification': 'Classification datasets',
    'segda.datasets.reid': 'Person re-identification datasets',
}
SEGMENTATION_SECTION = 'Getting the data'


def datasets_with_root(node, prefix: str) -> Iterator[Tuple[str, dict]]:
    """``(dotted key, dataset config)`` of every dict under ``node`` whose ``data_root`` is a
    string, recursing into dicts and lists (a list item's key is its index, as
    ``--cfg-options`` writes it: ``train_dataloader.dataset.datasets.0``)."""
    if isinstance(node, dict):
        if isinstance(node.get('data_root'), str):
            yield prefix, node
        children = node.items()
    elif isinstance(node, (list, tuple)):
        children = enumerate(node)
    else:
        return
    for key, value in children:
        yield from datasets_with_root(value, f'{prefix}.{key}')


def config_datasets(cfg, loaders=LOADERS) -> Iterator[Tuple[str, dict]]:
    """:func:`datasets_with_root` of each of ``loaders`` that ``cfg`` has."""
    for loader in loaders:
        yield from datasets_with_root(cfg.get(loader), loader)


def relocate_data_roots(cfg, old_root: str, new_root: str,
                        loaders=LOADERS) -> List[str]:
    """``--cfg-options`` entries that replace the prefix ``old_root`` of every dataset root
    of ``loaders`` with ``new_root`` (e.g. ``data/synthcity`` -> a smaller copy)."""
    return [f'{key}.data_root={dataset["data_root"].replace(old_root, str(new_root), 1)}'
            for key, dataset in config_datasets(cfg, loaders)
            if dataset['data_root'].startswith(old_root)]


def how_to_get(root: str, dataset_type) -> str:
    """What to do about a missing dataset folder: the command that makes an embedded data
    set (found by its folder name in ``root``), else the section of docs/datasets.md on the
    kind of dataset ``dataset_type`` reads."""
    parts = Path(root).parts
    for index, part in enumerate(parts):
        if part in EMBEDDED:
            command = EMBEDDED[part].format(root=Path(*parts[:index + 1]))
            return f'It is an embedded data set: make it with `{command}`.'
    dataset_class = DATASETS.get(dataset_type) if isinstance(dataset_type, str) else dataset_type
    module = getattr(dataset_class, '__module__', '')
    section = next((title for package, title in DOCS_SECTIONS.items()
                    if module.startswith(package)), SEGMENTATION_SECTION)
    return f'See docs/datasets.md ("{section}") for how to get it and its layout.'


def check_data_roots(cfg, loaders=LOADERS) -> None:
    """Fail before any model is built when a dataset folder of the config is missing,
    naming the folder, its config key and how to get the data."""
    for key, dataset in config_datasets(cfg, loaders):
        root = dataset['data_root']
        if not osp.isdir(root):
            raise FileNotFoundError(
                f'dataset folder not found: {root!r} ({key}.data_root). '
                f'{how_to_get(root, dataset.get("type"))} For a copy elsewhere pass '
                f'--cfg-options {key}.data_root=DIR.')


def check_output_path(path, cfg, option, overwrite=False, is_file=True) -> None:
    """Refuse an output that would damage data: ``path`` inside a dataset folder of the
    config (its files would replace the dataset's or break the next scan), or an existing
    output file without ``--overwrite``. ``option`` names the flag in the message."""
    for key, dataset in config_datasets(cfg):
        if is_inside(path, dataset['data_root']):
            raise ValueError(f'{option} {path} lies inside the dataset folder '
                             f'{dataset["data_root"]} ({key.split(".")[0]}); write outputs '
                             'outside the data.')
    if is_file and osp.exists(path) and not overwrite:
        raise FileExistsError(f'{option} {path} exists; pass --overwrite to replace it, or '
                              'choose another path.')
