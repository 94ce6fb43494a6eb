"""Re-ID evaluation: CMC rank-k and mAP over the whole query x gallery matrix.

Scores (DANN JMLR 2016 Sec. 5.3.1, after Yi et al. 2014). With u = d / |d| the unit
descriptor of an image and u' that of its mirror image, the similarity of query q and
gallery image g is the mean of the four cosine scores over both images' flips,

    s(q, g) = 1/4 (<u_q, u_g> + <u_q', u_g> + <u_q, u_g'> + <u_q', u_g'>)
            = <m_q, m_g>,      m = (u + u') / 2,

and the distance is 1 - s (without flips, s = <u_q, u_g>). ``average_views=True`` then
averages s over all images of one person in one camera, on each side (CUHK: 2 images x
2 flips per camera, so each score is the mean of the paper's 16 combinations), and ranks
people instead of images.

Ranking (the Market-1501 convention). For query q, the gallery images of the same
person AND the same camera, and every junk image (person id -1), are removed from its
list; a query of person -1 is not evaluated. The rest is sorted by distance; images at
exactly the same distance are ordered non-matches first (ties count against the query,
so a collapsed descriptor cannot score above chance). With r_1 < r_2 < ... < r_m the
1-based positions of the m correct matches in that list,

    CMC_q(k) = [r_1 <= k],      AP_q = (1/m) sum_j j / r_j

averaged over the queries that have at least one correct match (a query without one is
skipped and counted in the log). The metric returns, in percent,
``dict(rank1=..., rank5=..., rank10=..., rank20=..., mAP=...)`` (the ranks are
configurable); a rank beyond the gallery's length reads the curve's last value.

Distributed evaluation: ``process`` stores one entry per sample (descriptors, person,
camera, query/gallery), so mmengine's truncation of the gathered results to the dataset
size drops exactly the padding duplicates. Query vs gallery comes from each sample's
``split`` field (``'query'`` or ``'gallery'``): one val dataset holds both (a re-ID
dataset with ``split='test'``).
"""
import json
import os
import os.path as osp
from typing import Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from segda.registry import METRICS

JUNK = -1
SIDES = ('query', 'gallery')


def mean_unit_descriptors(descriptors: torch.Tensor,
                          flipped: Optional[torch.Tensor] = None) -> torch.Tensor:
    """``m = (u + u') / 2`` per row (``u`` alone without ``flipped``), module docstring."""
    unit = F.normalize(descriptors.double(), dim=1)
    if flipped is None:
        return unit
    return (unit + F.normalize(flipped.double(), dim=1)) / 2


def view_groups(person_ids: np.ndarray, camera_ids: np.ndarray):
    """``(matrix, group_person_ids, group_camera_ids)``: the ``groups x samples`` averaging
    matrix (1 / group size where a sample belongs to a group) of the (person, camera)
    groups, in sorted order."""
    keys = sorted(set(zip(person_ids.tolist(), camera_ids.tolist())))
    index = {key: row for row, key in enumerate(keys)}
    rows = np.array([index[key] for key in zip(person_ids.tolist(), camera_ids.tolist())])
    matrix = np.zeros((len(keys), len(person_ids)))
    matrix[rows, np.arange(len(person_ids))] = 1.0
    matrix /= matrix.sum(axis=1, keepdims=True)
    return matrix, np.array([k[0] for k in keys]), np.array([k[1] for k in keys])


def cmc_and_ap(distance: np.ndarray, query_ids: np.ndarray, gallery_ids: np.ndarray,
               query_cams: np.ndarray, gallery_cams: np.ndarray):
    """``(cmc, ap, skipped)`` for a ``Q x G`` distance matrix (module docstring).

    ``cmc`` has G entries, ``cmc[k - 1]`` = the fraction of the evaluated queries whose
    first correct match is within rank k; ``ap`` holds AP_q of every evaluated query;
    ``skipped`` counts the queries without a correct match (junk queries excluded).
    """
    num_gallery = distance.shape[1]
    hits = np.zeros(num_gallery)
    aps, skipped = [], 0
    for q in range(distance.shape[0]):
        if query_ids[q] == JUNK:
            continue
        same = gallery_ids == query_ids[q]
        keep = (gallery_ids != JUNK) & ~(same & (gallery_cams == query_cams[q]))
        match = same[keep]
        if not match.any():
            skipped += 1
            continue
        # Primary key the distance, then non-matches (0) before matches (1) at a tie.
        order = np.lexsort((match, distance[q, keep]))
        positions = np.flatnonzero(match[order]) + 1
        hits[positions[0] - 1:] += 1
        aps.append(np.mean(np.arange(1, len(positions) + 1) / positions))
    if not aps:
        return hits, np.array(aps), skipped
    return hits / len(aps), np.array(aps), skipped


@METRICS.register_module()
class ReIDMetric(BaseMetric):
    """CMC rank-k and mAP of ``pred_descriptor`` (module docstring).

    Args:
        ranks: the CMC ranks reported as ``rank<k>`` (1, 5, 10, 20).
        flip_average: use ``pred_descriptor_flip`` (the task's ``flip_test=True``) for the
            four-score mean; False scores the descriptors alone.
        average_views: score people by the mean over all their images per camera (CUHK).
        curve_path: a JSON file that receives the whole CMC curve (percent, rank 1 to the
            gallery's length), the metrics and the counts; ``tools/analysis/cmc_plot.py``
            draws it. None writes nothing.
        collect_device, prefix: as in mmengine's ``BaseMetric``.
    """

    def __init__(self, ranks: Sequence[int] = (1, 5, 10, 20), flip_average: bool = True,
                 average_views: bool = False, curve_path: Optional[str] = None,
                 collect_device: str = 'cpu', prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        ranks = tuple(ranks)
        if not ranks or not all(isinstance(k, int) and k > 0 for k in ranks):
            raise ValueError(f'ReIDMetric: ranks must be positive ints, got {ranks!r}')
        self.ranks = ranks
        self.flip_average = flip_average
        self.average_views = average_views
        self.curve_path = curve_path

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Store one entry per sample: descriptor(s) on the CPU, person, camera, side."""
        needed = ['pred_descriptor', 'person_id', 'camera_id', 'split']
        if self.flip_average:
            needed.append('pred_descriptor_flip')
        for sample in data_samples:
            missing = [key for key in needed if key not in sample]
            if missing:
                hint = (' (pred_descriptor_flip: set the task\'s flip_test=True, or the metric\'s '
                        'flip_average=False)' if 'pred_descriptor_flip' in missing else '')
                raise KeyError(f"ReIDMetric: {sample.get('img_path', 'an output')} lacks "
                               f'{missing}{hint}; evaluate a labelled re-ID dataset with '
                               "split='test'.")
            if sample['split'] not in SIDES:
                raise ValueError(f"ReIDMetric: {sample.get('img_path', 'an output')} has split "
                                 f"{sample['split']!r}; evaluate query and gallery images "
                                 "(split='test').")
            flipped = sample.get('pred_descriptor_flip') if self.flip_average else None
            self.results.append(dict(
                descriptor=sample['pred_descriptor'].detach().float().cpu(),
                flipped=None if flipped is None else flipped.detach().float().cpu(),
                person_id=int(sample['person_id']), camera_id=int(sample['camera_id']),
                side=sample['split']))

    def compute_metrics(self, results: list) -> dict:
        """``dict(rank<k>=..., mAP=...)`` in percent over all stored samples."""
        sides = {}
        for side in SIDES:
            entries = [r for r in results if r['side'] == side]
            if not entries:
                raise ValueError(f'ReIDMetric: no {side} image was evaluated; the val dataset '
                                 "must hold query and gallery images (split='test').")
            flipped = (torch.stack([r['flipped'] for r in entries])
                       if self.flip_average else None)
            sides[side] = (mean_unit_descriptors(torch.stack([r['descriptor'] for r in entries]),
                                                 flipped).numpy(),
                           np.array([r['person_id'] for r in entries]),
                           np.array([r['camera_id'] for r in entries]))
        (query, query_ids, query_cams), (gallery, gallery_ids, gallery_cams) = (
            sides['query'], sides['gallery'])
        similarity = query @ gallery.T
        if self.average_views:
            query_avg, query_ids, query_cams = view_groups(query_ids, query_cams)
            gallery_avg, gallery_ids, gallery_cams = view_groups(gallery_ids, gallery_cams)
            similarity = query_avg @ similarity @ gallery_avg.T
        cmc, ap, skipped = cmc_and_ap(1.0 - similarity, query_ids, gallery_ids, query_cams,
                                      gallery_cams)
        if not len(ap):
            raise ValueError('ReIDMetric: no query has a correct match in the gallery; check '
                             'that query and gallery come from the same test identities.')
        metrics = {f'rank{k}': 100.0 * float(cmc[min(k, len(cmc)) - 1]) for k in self.ranks}
        metrics['mAP'] = 100.0 * float(ap.mean())
        print_log(f'ReIDMetric: {len(ap)} queries evaluated against {len(gallery_ids)} gallery '
                  f'entries ({skipped} without a correct match skipped)', logger='current')
        if self.curve_path is not None:
            self._write_curve(cmc, metrics, len(ap), len(gallery_ids))
        return metrics

    def _write_curve(self, cmc: np.ndarray, metrics: dict, num_queries: int,
                     num_gallery: int) -> None:
        os.makedirs(osp.dirname(self.curve_path) or '.', exist_ok=True)
        with open(self.curve_path, 'w', encoding='utf-8') as file:
            json.dump(dict(cmc=(100.0 * cmc).tolist(), metrics=metrics, num_queries=num_queries,
                           num_gallery=num_gallery), file, indent=1)
