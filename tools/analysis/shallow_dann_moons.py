"""The inter-twinning moons analyses of DANN (Ganin et al., JMLR 2016, Sec. 5.1.1, Fig. 2):
the standard NN and shallow DANN (Algorithm 1, ``segda/models/shallow_dann.py``) trained on
the same source and target sample, four panels each, as one PNG.

    python tools/analysis/shallow_dann_moons.py --out FILE.png [--seeds 0 1 2]
        [--epochs 500] [--hidden 15] [--lambda 6] [--lr 0.05] [--rotation 35]
        [--center origin] [--overwrite]

Data (``segda/datasets/toy.py``, as configs/toy): for seed s, a source sample of 150 points
per moon (lower moon 0, upper moon 1; draw seed 2s) taken in a random order (seed s), and a
target sample drawn the same way (draw seed 2s + 1), rotated by ``--rotation`` degrees about
``--center`` and unlabelled during training. Both networks run Algorithm 1 with the same
seed: the NN without the adversarial back-propagation into its hidden layer, its domain
regressor trained on its representation all the same (Fig. 2(a)).

Panels, per network (the figure is drawn for the first seed; the target accuracy of every
seed is printed):

    Label classification   G_y's decision regions, source points as + (label 1) and
                           - (label 0), target points as black dots
    Representation PCA     the two principal components of G_f over S and T together
    Domain classification  the domain regressor's regions (source where G_d >= 0.5)
    Hidden neurons         for each hidden unit k, the line W_k x + b_k = 0 where G_f(x)_k = 1/2
"""
import argparse
import os
import os.path as osp
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from segda.apis import check_output_path, run_main  # noqa: E402
from segda.datasets.toy import ROTATION_CENTERS, TwoMoonsDataset  # noqa: E402
from segda.models.shallow_dann import ShallowDANN  # noqa: E402
from segda.utils.arguments import FIGURE_SUFFIXES, output_file  # noqa: E402

NETWORKS = (('Standard NN', False), ('DANN', True))


def moons_pair(seed: int, rotation: float = 35.0, center: str = 'origin', num_per_class=150):
    """``(source x, source y, target x, target y)`` float64 / int64 arrays (module docstring);
    the target labels score the networks only."""
    source = TwoMoonsDataset(num_per_class, rotation=0.0, center=center, seed=2 * seed)
    target = TwoMoonsDataset(num_per_class, rotation=rotation, center=center, seed=2 * seed + 1)
    order = np.random.default_rng(seed).permutation(len(source))
    return (source.points.numpy().astype(np.float64)[order], source.labels.numpy()[order],
            target.points.numpy().astype(np.float64), target.labels.numpy())


def train_both(data, seed: int, epochs: int, **hyper):
    """The standard NN and DANN trained by Algorithm 1 on ``data``: ``{name: network}``."""
    source_x, source_y, target_x, _ = data
    return {name: ShallowDANN(adversarial=adversarial, seed=seed, **hyper)
            .fit(source_x, source_y, target_x, epochs) for name, adversarial in NETWORKS}


def target_accuracy(network: ShallowDANN, data) -> float:
    return 100.0 * float((network.predict(data[2]) == data[3]).mean())


def pca_2d(points: np.ndarray) -> np.ndarray:
    """The rows of ``points`` projected on their first two principal components."""
    centred = points - points.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    return centred @ components[:2].T


def draw_points(axes, source_x, source_y, target_x) -> None:
    """Source + (label 1) and - (label 0), target black dots (Fig. 2's markers)."""
    axes.scatter(*target_x.T, c='k', s=4, label='target')
    axes.scatter(*source_x[source_y == 1].T, marker='+', c='tab:green', s=30, label='source 1')
    axes.scatter(*source_x[source_y == 0].T, marker='_', c='tab:red', s=30, label='source 0')


def draw_regions(axes, decide, limits, colours) -> None:
    """The two regions of ``decide`` (points -> 0/1) over the plotted window, with their border."""
    (x0, x1), (y0, y1) = limits
    grid_x, grid_y = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    regions = decide(np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)).reshape(grid_x.shape)
    axes.contourf(grid_x, grid_y, regions, levels=[-0.5, 0.5, 1.5], colors=colours, alpha=0.35)
    axes.contour(grid_x, grid_y, regions, levels=[0.5], colors='k', linewidths=1.5)


def draw_network(row, network: ShallowDANN, data, name: str, accuracy: float) -> None:
    """The four panels of one network (module docstring)."""
    source_x, source_y, target_x, _ = data
    points = np.concatenate([source_x, target_x])
    margin = 0.25 * (points.max(axis=0) - points.min(axis=0))
    limits = tuple(zip(points.min(axis=0) - margin, points.max(axis=0) + margin))
    label, pca, domain, neurons = row
    draw_regions(label, network.predict, limits, ('tab:red', 'tab:green'))
    label.set_title(f'{name}: label classification\n(target accuracy {accuracy:.1f} %)')
    projected = pca_2d(network.hidden(points))
    draw_points(pca, projected[:len(source_x)], source_y, projected[len(source_x):])
    pca.set_title(f'{name}: representation PCA')
    draw_regions(domain, lambda x: (network.domain_probs(x) >= 0.5).astype(int), limits,
                 ('0.3', 'tab:blue'))
    domain.set_title(f'{name}: domain classification\n(blue: source, G_d >= 0.5)')
    x_range = np.array(limits[0])
    for w, b in zip(network.W, network.b):
        if abs(w[1]) > 1e-12:
            neurons.plot(x_range, -(w[0] * x_range + b) / w[1], linewidth=1)
        else:
            neurons.axvline(-b / w[0], linewidth=1)
    neurons.set_title(f'{name}: hidden neurons (G_f(x)_k = 1/2)')
    for axes in (label, domain, neurons):
        draw_points(axes, source_x, source_y, target_x)
        axes.set_xlim(limits[0])
        axes.set_ylim(limits[1])
    for axes in row:
        axes.set_xticks([])
        axes.set_yticks([])


def save_figure(networks: dict, data, accuracies: dict, out: str, title: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(len(networks), 4, figsize=(16, 4.2 * len(networks)))
    for row, (name, network) in zip(axes, networks.items()):
        draw_network(row, network, data, name, accuracies[name])
    axes[0][0].legend(loc='lower left', fontsize=7)
    figure.suptitle(title)
    figure.tight_layout()
    os.makedirs(osp.dirname(out) or '.', exist_ok=True)
    figure.savefig(out, dpi=80)
    plt.close(figure)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', required=True, type=output_file(*FIGURE_SUFFIXES),
                        help='the figure to write (.png is added to a name without a suffix)')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0],
                        help='data and training seeds; the figure shows the first (default 0)')
    parser.add_argument('--epochs', type=int, default=500,
                        help="passes over the source sample (default 500, the authors' code)")
    parser.add_argument('--hidden', type=int, default=15, help='hidden units D (default 15)')
    parser.add_argument('--lambda', dest='lambda_', type=float, default=6.0,
                        help='the adaptation parameter (default 6, Sec. 5.1.1)')
    parser.add_argument('--lr', type=float, default=0.05,
                        help="the learning rate (default 0.05, the authors' code)")
    parser.add_argument('--rotation', type=float, default=35.0,
                        help='degrees the target is rotated by (default 35)')
    parser.add_argument('--center', choices=ROTATION_CENTERS, default='origin',
                        help='centre of the rotation (segda/datasets/toy.py; default origin)')
    parser.add_argument('--overwrite', action='store_true', help='replace an existing --out')
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error('--epochs must be >= 1')
    return args


def main(argv=None):
    args = parse_args(argv)
    check_output_path(args.out, {}, '--out', args.overwrite)
    hyper = dict(num_hidden=args.hidden, lambda_=args.lambda_, learning_rate=args.lr)
    rows = []
    for index, seed in enumerate(args.seeds):
        data = moons_pair(seed, args.rotation, args.center)
        networks = train_both(data, seed, args.epochs, **hyper)
        accuracies = {name: target_accuracy(network, data) for name, network in networks.items()}
        rows.append(accuracies)
        print(f'seed {seed}: ' + ', '.join(f'{name} {value:.1f} %'
                                           for name, value in accuracies.items()))
        if index == 0:
            save_figure(networks, data, accuracies, args.out,
                        f'Two moons, target rotated {args.rotation:g} degrees about the '
                        f'{args.center}; Algorithm 1, {args.epochs} epochs, seed {seed}')
    for name, _ in NETWORKS:
        values = [row[name] for row in rows]
        print(f'{name}: target accuracy {np.mean(values):.1f} +- {np.std(values):.1f} % over '
              f'seeds {" ".join(map(str, args.seeds))}')
    print(f'wrote {args.out}')


if __name__ == '__main__':
    run_main(main)
