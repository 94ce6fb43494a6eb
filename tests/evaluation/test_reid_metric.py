"""ReIDMetric: CMC and mAP against a hand-worked example (ties, same-identity-same-camera
exclusion, junk), the four-score flip mean, the CUHK view averaging, the curve file."""
import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from segda.evaluation import ReIDMetric
from segda.evaluation.reid_metric import cmc_and_ap, mean_unit_descriptors

# Gallery: g1 (person 1, cam 1), g2 (2, 1), g3 (1, 0), g4 (junk), g5 (1, 1), g6 (3, 1).
GALLERY_IDS = np.array([1, 2, 1, -1, 1, 3])
GALLERY_CAMS = np.array([1, 1, 0, 1, 1, 1])
# Queries: q1 (1, cam 0), q2 (2, cam 0), q3 (4: no match), q4 (junk).
QUERY_IDS = np.array([1, 2, 4, -1])
QUERY_CAMS = np.array([0, 0, 0, 0])
DISTANCE = np.array([
    # q1: g3 (same person, same camera) and the junk g4 are removed; g1 ties with the
    # non-match g2 and is ranked after it. List: g2, g1, g6, g5 -> matches at ranks 2, 4.
    [0.3, 0.3, 0.0, 0.1, 0.9, 0.5],
    # q2: g2 (camera 1) first. List: g2, g3, g5, g1, g6 -> its match at rank 1.
    [0.4, 0.1, 0.2, 0.05, 0.3, 0.6],
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],  # q3: skipped (no person 4 in the gallery)
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],  # q4: a junk query is not evaluated
])


def test_cmc_and_ap_hand_worked():
    cmc, ap, skipped = cmc_and_ap(DISTANCE, QUERY_IDS, GALLERY_IDS, QUERY_CAMS, GALLERY_CAMS)
    # q1: first match at rank 2, AP = (1/2 + 2/4) / 2 = 0.5; q2: rank 1, AP = 1.
    np.testing.assert_allclose(cmc[:4], [0.5, 1.0, 1.0, 1.0])
    np.testing.assert_allclose(ap, [0.5, 1.0])
    assert skipped == 1


def test_ties_count_against_the_query():
    """A collapsed descriptor (all distances equal) puts every match last."""
    cmc, ap, _ = cmc_and_ap(np.zeros((1, 4)), np.array([1]), np.array([1, 2, 3, 4]),
                            np.array([0]), np.array([1, 1, 1, 1]))
    np.testing.assert_allclose(cmc, [0, 0, 0, 1])
    np.testing.assert_allclose(ap, [0.25])


def samples(descriptors, ids, cams, side, flipped=None):
    out = []
    for i, (d, person, cam) in enumerate(zip(descriptors, ids, cams)):
        sample = dict(pred_descriptor=torch.as_tensor(d, dtype=torch.float32),
                      person_id=int(person), camera_id=int(cam), split=side,
                      img_path=f'{side}_{i}.png')
        if flipped is not None:
            sample['pred_descriptor_flip'] = torch.as_tensor(flipped[i], dtype=torch.float32)
        out.append(sample)
    return out


def evaluate(metric, *batches):
    for batch in batches:
        metric.process({}, batch)
    return metric.compute_metrics(metric.results)


def test_metric_end_to_end_percent_and_curve(tmp_path):
    # 2-d descriptors at angles: cosine distance orders the gallery by angle.
    angle = lambda a: [np.cos(a), np.sin(a)]  # noqa: E731
    query = samples([angle(0.0), angle(1.0)], [1, 2], [0, 0], 'query')
    gallery = samples([angle(0.5), angle(0.1), angle(1.05)], [1, 3, 2], [1, 1, 1], 'gallery')
    curve = tmp_path / 'cmc.json'
    metrics = evaluate(ReIDMetric(flip_average=False, ranks=(1, 2, 5), curve_path=str(curve)),
                       query, gallery)
    # q1: g3-person-3 (0.1) before its match (0.5): rank 2, AP 1/2; q2: rank 1, AP 1.
    assert metrics == pytest.approx(dict(rank1=50.0, rank2=100.0, rank5=100.0, mAP=75.0))
    written = json.loads(curve.read_text())
    assert written['cmc'] == pytest.approx([50.0, 100.0, 100.0])
    assert written['num_queries'] == 2 and written['num_gallery'] == 3


def test_flip_average_is_the_mean_of_four_cosines():
    rng = np.random.default_rng(0)
    q, qf, g, gf = (torch.as_tensor(rng.normal(size=(1, 5))) for _ in range(4))
    four = [F.cosine_similarity(a, b).item() for a in (q, qf) for b in (g, gf)]
    mean = (mean_unit_descriptors(q, qf) @ mean_unit_descriptors(g, gf).T).item()
    assert mean == pytest.approx(np.mean(four))


def test_flip_average_changes_the_ranking():
    """Without flips q1 is nearest the wrong person; the flipped descriptors fix it."""
    query = samples([[1.0, 0.0]], [1], [0], 'query', flipped=[[0.0, 1.0]])
    # unflipped: cos = 0.9 (person 2) > 0.6 (person 1); four-score means: 0.23 < 0.7
    gallery = samples([[0.9, -0.436], [0.6, 0.8]], [2, 1], [1, 1], 'gallery',
                      flipped=[[0.9, -0.436], [0.6, 0.8]])
    assert evaluate(ReIDMetric(flip_average=False), query, gallery)['rank1'] == 0.0
    assert evaluate(ReIDMetric(), query, gallery)['rank1'] == 100.0


def test_average_views_scores_people():
    """CUHK: the mean over both images of a person per camera ranks people."""
    query = samples([[1.0, 0.0], [0.0, 1.0]], [1, 1], [0, 0], 'query')
    # image (1, 0) is nearest person 2's (1, 0); averaged over both query images, person
    # 1 scores (0.98 + 0.196 + 0.196 + 0.98) / 4 = 0.59 > person 2's (1 + 0) / 2 = 0.5.
    gallery = samples([[1.0, 0.2], [0.2, 1.0], [1.0, 0.0]], [1, 1, 2], [1, 1, 1], 'gallery')
    per_image = evaluate(ReIDMetric(flip_average=False), query, gallery)
    per_person = evaluate(ReIDMetric(flip_average=False, average_views=True), query, gallery)
    assert per_image['rank1'] == 50.0  # query image (1, 0) is closest to person 2
    assert per_person['rank1'] == 100.0  # the averaged query matches person 1's average


def test_missing_fields_and_sides_are_named():
    with pytest.raises(KeyError, match='pred_descriptor_flip.*flip_test=True'):
        ReIDMetric().process({}, samples([[1.0, 0.0]], [1], [0], 'query'))
    with pytest.raises(ValueError, match="has split 'train'"):
        ReIDMetric(flip_average=False).process({}, samples([[1.0, 0.0]], [1], [0], 'train'))
    metric = ReIDMetric(flip_average=False)
    with pytest.raises(ValueError, match='no gallery image was evaluated'):
        evaluate(metric, samples([[1.0, 0.0]], [1], [0], 'query'))
