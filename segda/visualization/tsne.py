"""t-SNE of source and target features (ADR Fig. 6, DANN Fig. 5 and Fig. 10).

Both domains are embedded together (one ``sklearn.manifold.TSNE`` fit, so their distances
are comparable): ``y = TSNE(2).fit_transform([f_s; f_t])``. Each point is drawn as a circle
(source) or a cross (target) and coloured by its class (the target's labels are for the
figure only) or, without labels, by its domain (source green, target red, as DANN Fig. 10
draws the descriptors of two re-identification sets, whose people are not classes).
"""
from typing import Optional, Sequence

import numpy as np

MARKERS = (('source', 'o'), ('target', 'x'))
DOMAIN_COLOURS = ('tab:green', 'tab:red')


def tsne_embedding(source: np.ndarray, target: np.ndarray, seed: int = 0,
                   perplexity: float = 30.0) -> np.ndarray:
    """The 2-D t-SNE of ``[source; target]`` features (``(N_s + N_t) x 2``)."""
    from sklearn.manifold import TSNE
    feats = np.concatenate([source, target]).astype(np.float32)
    perplexity = min(perplexity, (len(feats) - 1) / 3)  # TSNE needs perplexity < N
    return TSNE(n_components=2, perplexity=perplexity, init='pca', random_state=seed
                ).fit_transform(feats)


def save_tsne_figure(embedding: np.ndarray, num_source: int, out: str,
                     labels: Optional[Sequence[int]] = None,
                     class_names: Sequence[str] = (), title: Optional[str] = None) -> None:
    """Scatter ``embedding`` (source rows first, ``num_source`` of them) to the figure
    ``out``: marker = domain; colour = class given ``labels`` (one per row, named by
    ``class_names``), else domain."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap('tab10' if len(class_names) <= 10 else 'turbo')

    def class_colour(label):
        return cmap(label / max(len(class_names) - 1, 1))

    domains = np.arange(len(embedding)) >= num_source
    fig, ax = plt.subplots(figsize=(7, 7), dpi=120)
    for domain, (name, marker) in enumerate(MARKERS):
        mask = domains == bool(domain)
        colours = (DOMAIN_COLOURS[domain] if labels is None
                   else [class_colour(label) for label in np.asarray(labels)[mask]])
        ax.scatter(embedding[mask, 0], embedding[mask, 1], s=8, marker=marker, linewidths=0.6,
                   c=colours, label=f'{name} ({int(mask.sum())})')
    domain_legend = ax.legend(loc='upper right', fontsize=8)
    if labels is not None and len(class_names) <= 20:
        ax.add_artist(domain_legend)
        handles = [plt.Line2D([], [], ls='', marker='s', color=class_colour(k), label=name)
                   for k, name in enumerate(class_names)]
        ax.legend(handles=handles, loc='lower right', fontsize=7, ncol=2, title='class')
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
