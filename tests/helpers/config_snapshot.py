"""Resolved configs as flat ``{dotted.key: value}`` dicts, for the config-composition test.

``python tests/helpers/config_snapshot.py`` rewrites ``tests/configs/snapshots/`` from the current
configs: run it only when a change to a resolved config is intended, and say why in the
commit (tests/configs/test_config_snapshots.py lists each intended difference).
``python tests/helpers/config_snapshot.py classification/dann_mnist_to_mnistm.py ...`` writes the
snapshots of the named configs only (paths relative to configs/), e.g. of new ones.
"""
import json
import os
import os.path as osp
import sys

from segda.apis.config import read_config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = osp.join(ROOT, 'configs')
SNAPSHOTS = osp.join(ROOT, 'tests', 'configs', 'snapshots')


def runnable_configs():
    """Every config under configs/ outside ``_base_`` folders, as paths relative to configs/."""
    found = []
    for parent, folders, files in os.walk(CONFIGS):
        folders[:] = sorted(f for f in folders if f != '_base_')
        found += [osp.relpath(osp.join(parent, name), CONFIGS)
                  for name in sorted(files) if name.endswith('.py')]
    return sorted(found)


def flatten(node, prefix=''):
    """``{'a.b': 1, 'c.0.d': 2}`` from nested dicts and lists; leaves as JSON values."""
    if isinstance(node, dict):
        items = {}
        for key, value in node.items():
            items.update(flatten(value, f'{prefix}{key}.'))
        return items or {prefix[:-1]: {}}
    if isinstance(node, (list, tuple)):
        items = {}
        for index, value in enumerate(node):
            items.update(flatten(value, f'{prefix}{index}.'))
        return items or {prefix[:-1]: []}
    return {prefix[:-1]: node if isinstance(node, (int, float, str, bool, type(None)))
            else repr(node)}


def resolved(config: str) -> dict:
    """The flat resolved dict of ``configs/<config>``."""
    return flatten(read_config(osp.join(CONFIGS, config)).to_dict())


def snapshot_path(config: str) -> str:
    return osp.join(SNAPSHOTS, config.replace(os.sep, '__').replace('.py', '.json'))


def main(configs):
    os.makedirs(SNAPSHOTS, exist_ok=True)
    for config in configs or runnable_configs():
        with open(snapshot_path(config), 'w', encoding='utf-8') as file:
            json.dump(resolved(config), file, indent=1, sort_keys=True)
            file.write('\n')
        print('wrote', snapshot_path(config), file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1:])
