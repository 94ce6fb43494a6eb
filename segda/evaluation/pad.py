"""The proxy A-distance (PAD) between two samples of features (Ben-David et al. 2007; DANN,
Ganin et al., JMLR 2016, Sec. 3.2 and 5.1.5).

With the source features labelled 0 and the target features labelled 1 (the set U of
DANN's Eq. 2), the procedure of DANN Sec. 5.1.5:

0. take as many samples of each domain (the larger one subsampled at random), so that a
   classifier that guesses errs half of the time;
1. split U at random into two halves of equal size (stratified by domain);
2. train a linear SVM on the first half for each C of a large range;
3. measure each SVM's error on the second half;
4. with eps the lowest of those errors, ``PAD = 2 (1 - 2 eps)`` (DANN Eq. 3).

PAD is near 0 when no linear classifier tells the domains apart (eps ~ 1/2) and near 2
when one separates them (eps ~ 0). The features are standardised with the first half's
mean and standard deviation before the SVMs (LinearSVC converges on unscaled features only
slowly; an affine map of the features does not change which linear separations exist).
"""
from dataclasses import dataclass
from typing import Sequence

import numpy as np

C_VALUES = tuple(10.0 ** k for k in range(-4, 3))  # 1e-4 ... 1e2


@dataclass
class PADResult:
    pad: float          # 2 (1 - 2 error)
    error: float        # the lowest held-out error of the SVMs
    c: float            # the C of that SVM
    num_per_domain: int  # samples of each domain in U


def proxy_a_distance(source: np.ndarray, target: np.ndarray, seed: int = 0,
                     c_values: Sequence[float] = C_VALUES) -> PADResult:
    """PAD of ``source`` (``N_s x D``) vs ``target`` (``N_t x D``) features (module docstring).

    Raises ValueError when a sample has fewer than 2 rows or the widths differ."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC

    source, target = np.asarray(source, np.float64), np.asarray(target, np.float64)
    if source.ndim != 2 or target.ndim != 2 or source.shape[1] != target.shape[1]:
        raise ValueError(f'proxy_a_distance: need N x D features of one width D, got shapes '
                         f'{source.shape} and {target.shape}.')
    if min(len(source), len(target)) < 2:
        raise ValueError('proxy_a_distance: each domain needs at least 2 samples, got '
                         f'{len(source)} and {len(target)}.')
    rng = np.random.default_rng(seed)
    num = min(len(source), len(target))
    source, target = (feats[np.sort(rng.choice(len(feats), num, replace=False))]
                      for feats in (source, target))
    feats = np.concatenate([source, target])
    domains = np.concatenate([np.zeros(num, int), np.ones(num, int)])
    train_x, test_x, train_y, test_y = train_test_split(
        feats, domains, test_size=0.5, stratify=domains, random_state=seed)
    scaler = StandardScaler().fit(train_x)
    train_x, test_x = scaler.transform(train_x), scaler.transform(test_x)
    best = None
    for c in c_values:
        svm = LinearSVC(C=c, max_iter=5000, random_state=seed).fit(train_x, train_y)
        error = float(np.mean(svm.predict(test_x) != test_y))
        if best is None or error < best[0]:
            best = (error, c)
    error, c = best
    return PADResult(pad=2.0 * (1.0 - 2.0 * error), error=error, c=c, num_per_domain=num)
