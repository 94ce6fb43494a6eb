"""Where a config's datasets live: every ``data_root`` in its dataloaders, by dotted key.

Configs resolve ``data_root`` when they are parsed, so a top-level ``--cfg-options
data_root=...`` does not reach the datasets (as in MMSegmentation). These helpers find
the nested keys, to check them or to move a config to another copy of its data.
"""
from typing import Iterator, List, Tuple

LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def data_root_items(node, prefix: str) -> Iterator[Tuple[str, str]]:
    """``(dotted key, data_root)`` of every ``data_root`` string under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            path = f'{prefix}.{key}'
            if key == 'data_root' and isinstance(value, str):
                yield path, value
            else:
                yield from data_root_items(value, path)


def relocate_data_roots(cfg, old_root: str, new_root: str,
                        loaders=LOADERS) -> List[str]:
    """``--cfg-options`` entries that replace the prefix ``old_root`` of every dataset root
    of ``loaders`` with ``new_root`` (e.g. ``data/synthcity`` -> a smaller copy)."""
    return [f'{key}={value.replace(old_root, str(new_root), 1)}'
            for loader in loaders if cfg.get(loader) is not None
            for key, value in data_root_items(cfg[loader], loader)
            if value.startswith(old_root)]
