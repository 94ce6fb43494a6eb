"""t-SNE figure: one embedding for both domains, a PNG coloured by class, marked by domain."""
import numpy as np
from PIL import Image

from segda.visualization.tsne import save_tsne_figure, tsne_embedding


def test_embedding_has_one_point_per_sample_and_the_png_is_written(tmp_path):
    rng = np.random.default_rng(0)
    source = rng.normal(size=(40, 6))
    target = rng.normal(size=(30, 6)) + 3.0
    embedding = tsne_embedding(source, target, seed=0)
    assert embedding.shape == (70, 2) and np.isfinite(embedding).all()
    out = tmp_path / 'tsne.png'
    labels = rng.integers(0, 3, size=70)
    save_tsne_figure(embedding, 40, labels, ('a', 'b', 'c'), str(out), title='test')
    image = np.asarray(Image.open(out).convert('RGB'))
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 3  # points drawn in colours
