"""Generator features of a trained classification model, for the analyses of its domains
(proxy A-distance, t-SNE), and what a trained model predicts on a domain without its labels
(class shares of images or of pixels, entropy) or with them (accuracy).

The trained method is the caller's (``segda.apis.init_model``: its checkpoint loaded only
when it fits, in eval mode); a domain's dataset config, optionally subsampled, is read in
order (``domain_loader``); G's features ``f = G(x)`` (``task.extract``, ``N x D``) are
collected in eval mode, without gradients, with the labels when the dataset has them
(``sample_features``), or the model's outputs ``C(G(x))`` in their place (a re-ID model's
descriptors).
"""
from typing import List, Optional, Tuple

import numpy as np
import torch
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from segda.registry import DATASETS
from segda.utils import dataset_subset


def sample_indices(size: int, max_samples: Optional[int], seed: int) -> list:
    """``min(size, max_samples)`` distinct indices drawn with ``seed``, sorted; all of them
    when ``max_samples`` is None."""
    if max_samples is None or max_samples >= size:
        return list(range(size))
    return sorted(np.random.default_rng(seed).choice(size, max_samples, replace=False).tolist())


def domain_loader(dataset_cfg: dict, max_samples: Optional[int] = None, seed: int = 0,
                  batch_size: int = 256):
    """A loader over ``dataset_cfg`` (at most ``max_samples`` samples drawn with ``seed``), in
    order, one process, collated by ``seg_collate``. A subset is built from the config
    (``segda.utils.dataset_subset``), not with mmengine's ``get_subset`` (see there)."""
    init_default_scope('segda')
    dataset = DATASETS.build(dict(dataset_cfg))
    positions = sample_indices(len(dataset), max_samples, seed)
    if len(positions) < len(dataset):
        dataset = DATASETS.build(dataset_subset(dataset_cfg, positions))
    return Runner.build_dataloader(dict(
        batch_size=batch_size, num_workers=0, dataset=dataset,
        sampler=dict(type='DefaultSampler', shuffle=False),
        collate_fn=dict(type='segda.seg_collate')))


FEATURE_LAYERS = ('generator', 'output')


@torch.no_grad()
def sample_features(model, loader,
                    layer: str = 'generator') -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """``(N x D features, N labels or None)`` of every batch of ``loader``: the model's own
    preprocessing, then ``f = G(x)`` (``task.extract``; ``layer='generator'``, what the
    domain classifier sees) or ``C(G(x))`` (``layer='output'``: a re-ID model's descriptors,
    DANN JMLR 2016 Fig. 10; a classifier's logits); labels when every sample has
    ``gt_label``."""
    if layer not in FEATURE_LAYERS:
        raise ValueError(f'sample_features: layer must be one of {FEATURE_LAYERS}, got '
                         f'{layer!r}.')
    feats, labels = [], []
    for batch in loader:
        data = model.data_preprocessor(batch, False)
        features = model.task.extract(data['inputs'])
        if layer == 'output':
            features = model.task.classify(features)
        feats.append(features.float().cpu().numpy())
        labels += [sample.get('gt_label') for sample in data['data_samples']]
    if not feats:
        raise ValueError('sample_features: the loader is empty; check the dataset.')
    has_labels = all(label is not None for label in labels)
    return (np.concatenate(feats),
            np.asarray([int(label) for label in labels]) if has_labels else None)


@torch.no_grad()
def predicted_class_shares(model, loader, num_classes: int) -> Tuple[np.ndarray, float]:
    """Label-free: the share of ``loader``'s images predicted as each class
    (``K`` fractions summing to 1) and the mean entropy ``-sum_k p_k log p_k`` of the
    predicted posteriors. Reads no label: a collapse onto a few classes shows without them."""
    counts, entropies = np.zeros(num_classes), []
    for batch in loader:
        for output in model.test_step(batch):
            counts[int(output['pred_label'])] += 1
            probs = output['pred_score'].float().clamp_min(1e-12)
            entropies.append(float(-(probs * probs.log()).sum()))
    if not entropies:
        raise ValueError('predicted_class_shares: the loader is empty; check the dataset.')
    return counts / counts.sum(), float(np.mean(entropies))


@torch.no_grad()
def predicted_counts(model, loader, num_classes: int, field: str = 'pred_seg') -> torch.Tensor:
    """Label-free: the predictions of ``loader``'s images per class (``num_classes`` int64
    counts of ``model.test_step``'s ``field``: the pixels of ``pred_seg`` maps, or the
    images of ``pred_label``). Reads no label: a model that collapses onto a few classes
    shows without them."""
    counts = torch.zeros(num_classes, dtype=torch.int64)
    for batch in loader:
        for sample in model.test_step(batch):
            counts += torch.bincount(sample[field].flatten().cpu(), minlength=num_classes)
    return counts


@torch.no_grad()
def predicted_labels(model, loader) -> List[Tuple[dict, int]]:
    """Label-free: ``(sample, predicted class)`` of each of ``loader``'s images, in order;
    ``sample`` is ``model.test_step``'s output (the sample's own fields: ``img_path`` or
    ``index``, ...). Refuses a model that predicts no class per image (segmentation,
    re-ID)."""
    predictions = []
    for batch in loader:
        for output in model.test_step(batch):
            if 'pred_label' not in output:
                raise ValueError(f'predicted_labels: the model predicts no class per image '
                                 f'(its outputs hold {sorted(output)}); it covers '
                                 'classification models.')
            predictions.append((output, int(output['pred_label'])))
    return predictions


@torch.no_grad()
def labelled_accuracy(model, loader) -> float:
    """Accuracy (%) of ``model``'s predicted labels on a labelled ``loader``: for the SOURCE
    test split, the supervised signal a setting may be chosen on (never the target's)."""
    correct = total = 0
    for batch in loader:
        for output in model.test_step(batch):
            correct += int(output['pred_label']) == int(output['gt_label'])
            total += 1
    if not total:
        raise ValueError('labelled_accuracy: the loader is empty; check the dataset.')
    return 100.0 * correct / total
