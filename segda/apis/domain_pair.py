"""The two domains a config trains on: ``train_dataloader.dataset``'s ``source`` and
``target`` (a ``DomainPairDataset``), found before anything is built."""
from typing import Tuple


def training_domains(cfg, what: str) -> Tuple[dict, dict]:
    """The ``(source, target)`` dataset configs of ``cfg``'s training pair; ValueError
    saying that ``what`` (e.g. ``'the proxy A-distance'``) needs an adaptation config when
    the config trains on one domain (an oracle or source-only-on-one-set config)."""
    dataset = cfg.train_dataloader.dataset
    if dataset.get('type') != 'DomainPairDataset':
        raise ValueError(f'{what} needs the two training domains of a DomainPairDataset; '
                         f'the config trains on {dataset.get("type")!r} (an oracle or '
                         'single-domain config): give an adaptation config.')
    return dataset.source, dataset.target
