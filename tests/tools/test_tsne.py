"""t-SNE figure: one embedding for both domains, a PNG coloured by class or by domain, marked
by domain; tools/analysis/tsne.py on a re-ID model."""
import numpy as np
import torch
from mmengine.registry import init_default_scope
from PIL import Image

from segda.apis.config import read_config
from segda.registry import MODELS
from segda.visualization.tsne import save_tsne_figure, tsne_embedding

from helpers.cli import REPO, load_tool
from helpers.reid_layouts import tiny_pedestrian_options


def test_embedding_has_one_point_per_sample_and_the_png_is_written(tmp_path):
    rng = np.random.default_rng(0)
    source = rng.normal(size=(40, 6))
    target = rng.normal(size=(30, 6)) + 3.0
    embedding = tsne_embedding(source, target, seed=0)
    assert embedding.shape == (70, 2) and np.isfinite(embedding).all()
    out = tmp_path / 'tsne.png'
    labels = rng.integers(0, 3, size=70)
    save_tsne_figure(embedding, 40, str(out), labels, ('a', 'b', 'c'), title='test')
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
        save_tsne_figure(embedding, 3, str(out), [0, 1, 0, 1, 0, 1], ('a', 'b'))
        assert out.stat().st_size > 0 and not (tmp_path / f'tsne{suffix}.png').exists()


def test_without_labels_the_points_are_coloured_by_domain(tmp_path):
    """DANN Fig. 10: source green, target red, whatever the classes."""
    embedding = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    out = tmp_path / 'domains.png'
    save_tsne_figure(embedding, 2, str(out))
    image = np.asarray(Image.open(out).convert('RGB')).reshape(-1, 3).astype(int)
    greenish = (image[:, 1] > image[:, 0] + 40) & (image[:, 1] > image[:, 2] + 40)
    reddish = (image[:, 0] > image[:, 1] + 60) & (image[:, 0] > image[:, 2] + 60)
    assert greenish.sum() > 5 and reddish.sum() > 5  # circles and thin crosses, legend included


def test_a_reid_models_descriptors_are_drawn_by_domain(tiny_pedestrians, tmp_path, capsys):
    """DANN Fig. 10 on the embedded pedestrians: the tool colours a re-ID model's points by
    domain without being told, from the source and the unlabelled target training sets, and
    embeds the descriptors C(G(x)) as Fig. 10 does (``--features generator``: G's output)."""
    config = 'configs/reid/dann_pedestrians_demo.py'
    init_default_scope('segda')
    torch.manual_seed(0)
    checkpoint = tmp_path / 'iter_0.pth'
    torch.save(dict(state_dict=MODELS.build(read_config(REPO / config).model).state_dict()),
               checkpoint)
    out = tmp_path / 'reid_tsne.png'
    load_tool('analysis/tsne.py').main([
        config, str(checkpoint), '--out', str(out), '--max-samples', '8',
        '--cfg-options', *tiny_pedestrian_options(config, tiny_pedestrians)])
    model = MODELS.build(read_config(REPO / config).model)
    printed = capsys.readouterr().out
    assert 'coloured by domain' in printed
    assert f'output features, {model.task.descriptor_dim}-d' in printed
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    load_tool('analysis/tsne.py').main([
        config, str(checkpoint), '--out', str(out), '--overwrite', '--max-samples', '8',
        '--features', 'generator',
        '--cfg-options', *tiny_pedestrian_options(config, tiny_pedestrians)])
    assert f'generator features, {model.task.generator.out_channels}-d' in capsys.readouterr().out
