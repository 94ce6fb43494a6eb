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


def test_figure_names_get_the_suffix_written_and_every_accepted_format_is_written(tmp_path):
    import argparse

    import pytest

    from segda.utils.arguments import FIGURE_SUFFIXES, output_file
    figure = output_file(*FIGURE_SUFFIXES)
    assert figure(str(tmp_path / 'tsne')) == str(tmp_path / 'tsne.png')  # as savefig writes it
    assert figure('tsne.PDF') == 'tsne.PDF'
    for bad, message in (('tsne.txt', 'must end in .png, .pdf'), (str(tmp_path), 'not a folder'),
                         ('figures/', 'not a folder')):
        with pytest.raises(argparse.ArgumentTypeError, match=message):
            figure(bad)
    embedding = np.random.default_rng(0).normal(size=(6, 2))
    for suffix in FIGURE_SUFFIXES:  # each one a format save_tsne_figure (matplotlib) writes
        out = tmp_path / f'tsne{suffix}'
        save_tsne_figure(embedding, 3, [0, 1, 0, 1, 0, 1], ('a', 'b'), str(out))
        assert out.stat().st_size > 0 and not (tmp_path / f'tsne{suffix}.png').exists()
