"""Data structures shared by datasets, preprocessors, task models and methods.

- a domain-pair batch ``dict(source=batch, target=batch)`` (``is_domain_pair``);
- the domain label d_i of each sample of a batch (``domain_labels``): 0 for the source
  domain, 1 for the target, the domain of the stream a sample travels in unless its data
  sample carries its own ``domain_label`` (labelled target images joining the source
  stream of a semi-supervised run);
- :class:`FeatureMaps`, multi-scale features that remember the network input's size
  (``input_size_of``), and ``map_features`` to apply a function to every tensor of a
  feature container.
"""
from typing import Callable, Mapping, Sequence

import torch

SOURCE_DOMAIN, TARGET_DOMAIN = 0, 1
DOMAIN_LABELS = (SOURCE_DOMAIN, TARGET_DOMAIN)


def is_domain_pair(data) -> bool:
    """True for ``dict(source=..., target=...)`` (a domain pair), False for a plain batch."""
    return isinstance(data, dict) and 'inputs' not in data and {'source', 'target'} <= set(data)


def domain_labels(data_samples: Sequence[Mapping], stream_domain: int) -> torch.Tensor:
    """The domain labels d_i (0 source, 1 target) of a batch's samples, a float ``N`` tensor:
    a sample's own ``domain_label`` when its data sample has one, else ``stream_domain``,
    the domain of the stream the batch comes from."""
    labels = [sample.get('domain_label', stream_domain) for sample in data_samples]
    unknown = sorted({label for label in labels if label not in DOMAIN_LABELS}, key=str)
    if unknown:
        raise ValueError(f'domain labels must be {SOURCE_DOMAIN} (source) or {TARGET_DOMAIN} '
                         f'(target), got {unknown}; set domain_label to one of them on the '
                         'dataset.')
    return torch.tensor(labels, dtype=torch.float32)


class FeatureMaps(list):
    """Multi-scale feature maps (shallow to deep) that remember the network input's (H, W).

    The head needs that size to return logits at input resolution (an odd input is not
    2x its stride-2 map). Carrying it with the features keeps ``classify(feats)``
    stateless: no size is stored on the model between ``extract`` and ``classify``.
    """

    def __init__(self, maps, input_size: Sequence[int]):
        super().__init__(maps)
        self.input_size = tuple(int(s) for s in input_size)


def input_size_of(feats, out_size, owner: str):
    """The network input's (H, W) for a decoder's logits: ``out_size`` when given, else the
    size that :class:`FeatureMaps` carry; a ValueError naming ``owner`` (a decoder) when
    neither gives it."""
    out_size = out_size or getattr(feats, 'input_size', None)
    if out_size is None:
        raise ValueError(f'{owner} needs the input size: pass out_size=(H, W) or features '
                         'from a task model (FeatureMaps carry it).')
    return tuple(out_size)


def map_features(fn: Callable[[torch.Tensor], torch.Tensor], feats):
    """Apply ``fn`` to every tensor of ``feats`` (a tensor, a list/tuple, or FeatureMaps),
    keeping the container (and a FeatureMaps' ``input_size``)."""
    if isinstance(feats, torch.Tensor):
        return fn(feats)
    if isinstance(feats, FeatureMaps):
        return FeatureMaps([fn(x) for x in feats], feats.input_size)
    if isinstance(feats, (list, tuple)):
        return type(feats)(fn(x) for x in feats)
    raise TypeError(f'features must be a tensor or a list of tensors, got {type(feats).__name__}')
