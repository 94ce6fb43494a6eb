"""The inter-twinning two moons (ADR Sec. 4.1, DANN JMLR Sec. 5.1.1), made with numpy.

``make_two_moons`` draws ``num_per_class`` angles t ~ U[0, pi] per class and returns

    class 0 (lower moon):  (1 - cos t, 0.5 - sin t) + e
    class 1 (upper moon):  (cos t, sin t) + e,            e ~ N(0, noise^2 I)

(DANN's labelling: lower moon 0, upper moon 1).

``TwoMoonsDataset`` turns one draw x_i into network inputs. With mu and sigma the
per-axis mean and standard deviation of the UN-rotated draw (the source statistics),
R(theta) the counter-clockwise rotation by ``rotation`` degrees and c the centre of
rotation,

    x'_i = (R(theta) (x_i - c) + c - mu) / sigma          (division per axis)

i.e. the moons are rotated in the plane where they were drawn, then standardised with
the source statistics. ``center='origin'`` (c = 0) rotates about the origin of that plane
(the centre of the upper moon's circle), the plain reading of "rotate each example" in
both papers: the moons turn and shift. ``center='mean'`` (c = mu) rotates them about
their own centre, as DANN's released code does: a milder shift. ``rotation=0`` gives the
standardised source; ``rotation=30`` (ADR) or ``35`` (DANN) a target that is that source
rotated, so the target inputs are NOT re-standardised (the shift stays visible to the
network). A fresh target sample, as in DANN ("generated the same way, then rotated"),
is a different ``seed``.
"""
import numpy as np
import torch
from torch.utils.data import Dataset

from segda.registry import DATASETS

ROTATION_CENTERS = ('origin', 'mean')


def make_two_moons(num_per_class=150, noise=0.1, seed=0):
    """Two interleaving half circles: ``(points float64 (2n, 2), labels int64 (2n,))``,
    class 0 first, then class 1 (equations in the module docstring)."""
    if not isinstance(num_per_class, int) or num_per_class < 1:
        raise ValueError(f'make_two_moons: num_per_class must be a positive int, '
                         f'got {num_per_class!r}')
    if noise < 0:
        raise ValueError(f'make_two_moons: noise must be >= 0, got {noise!r}')
    rng = np.random.default_rng(seed)
    angles = rng.uniform(0.0, np.pi, size=(2, num_per_class))
    lower = np.stack([1.0 - np.cos(angles[0]), 0.5 - np.sin(angles[0])], axis=1)
    upper = np.stack([np.cos(angles[1]), np.sin(angles[1])], axis=1)
    points = np.concatenate([lower, upper]) + rng.normal(0.0, noise, size=(2 * num_per_class, 2))
    labels = np.repeat(np.arange(2, dtype=np.int64), num_per_class)
    return points, labels


def rotation_matrix(degrees):
    """``R(theta) = [[cos, -sin], [sin, cos]]``, counter-clockwise by ``degrees``."""
    theta = np.deg2rad(degrees)
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


@DATASETS.register_module()
class TwoMoonsDataset(Dataset):
    """Two moons as ``dict(inputs=<float32 (2,)>, data_samples=dict(gt_label=<int64 scalar>))``.

    Args:
        num_per_class: points per moon (DANN: 150).
        rotation: degrees of counter-clockwise rotation (0 = source).
        center: ``'origin'`` or ``'mean'``, the centre of rotation c (module docstring).
        noise: standard deviation of the Gaussian noise added to the points.
        seed: seed of the draw.
        with_labels: False leaves ``data_samples`` empty (unlabelled target data).

    Attributes:
        mean, std: the source statistics mu, sigma (numpy, shape (2,)).
        points: ``(2n, 2)`` float32 inputs x'; labels: ``(2n,)`` int64.
    """

    metainfo = dict(classes=('lower moon', 'upper moon'))

    def __init__(self, num_per_class=150, rotation=0.0, center='origin', noise=0.1, seed=0,
                 with_labels=True):
        if center not in ROTATION_CENTERS:
            raise ValueError(f'TwoMoonsDataset: center must be one of {ROTATION_CENTERS}, '
                             f'got {center!r}')
        raw, labels = make_two_moons(num_per_class, noise, seed)
        self.mean, self.std = raw.mean(axis=0), raw.std(axis=0)
        pivot = self.mean if center == 'mean' else np.zeros(2)
        rotated = (raw - pivot) @ rotation_matrix(rotation).T + pivot
        self.points = torch.from_numpy((rotated - self.mean) / self.std).float()
        self.labels = torch.from_numpy(labels)
        self.with_labels = with_labels

    def __len__(self):
        return len(self.points)

    def __getitem__(self, index):
        data_samples = dict(gt_label=self.labels[index]) if self.with_labels else {}
        return dict(inputs=self.points[index], data_samples=data_samples)
