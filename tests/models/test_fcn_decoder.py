"""FCN decoder: exact output size, skip fusion, dropout sites, initialisation, dropout samples."""
import math

import pytest
import torch
from torch import nn

from segda.models.backbones import ResNet
from segda.models.decoders import FCNDecoder
from segda.structures import FeatureMaps

NUM_CLASSES = 5


@pytest.fixture(scope='module')
def backbone():
    return ResNet(depth=18).eval()


def make_decoder(backbone, **kwargs):
    return FCNDecoder(backbone.out_channels, num_classes=NUM_CLASSES, channels=16, **kwargs)


@pytest.mark.parametrize('size', [(32, 64), (33, 65), (31, 47)])
def test_logits_have_exactly_the_input_size(backbone, size):
    decoder = make_decoder(backbone).eval()
    inputs = torch.randn(2, 3, *size)
    feats = backbone(inputs)

    logits = decoder(feats, out_size=size)
    from_feature_maps = decoder(FeatureMaps(feats, size))

    assert logits.shape == (2, NUM_CLASSES, *size)
    assert torch.equal(logits, from_feature_maps)


def test_a_plain_list_without_a_size_is_refused(backbone):
    feats = backbone(torch.randn(1, 3, 32, 64))
    with pytest.raises(ValueError, match='out_size'):
        make_decoder(backbone)(feats)


def test_wrong_number_of_maps_is_refused(backbone):
    feats = backbone(torch.randn(1, 3, 32, 64))
    with pytest.raises(ValueError, match='5 maps'):
        make_decoder(backbone)(feats[1:], out_size=(32, 64))


def test_every_map_reaches_the_logits(backbone):
    decoder = make_decoder(backbone).eval()
    feats = [f.detach().requires_grad_() for f in backbone(torch.randn(1, 3, 32, 64))]
    decoder(feats, out_size=(32, 64)).square().sum().backward()
    assert all(f.grad is not None and f.grad.abs().sum() > 0 for f in feats)


def count_dropouts(decoder):
    return sum(isinstance(m, nn.Dropout) for m in decoder.modules())


@pytest.mark.parametrize('kwargs, dropouts', [
    (dict(), 2),
    (dict(dropout_sites=('fc7',)), 1),
    (dict(dropout_sites=('fc6', 'fc7', 'skip')), 2 + 4),
    (dict(dropout=0.0), 0),
    (dict(dropout_sites=()), 0),
])
def test_dropout_sites(backbone, kwargs, dropouts):
    decoder = make_decoder(backbone, **kwargs)
    assert count_dropouts(decoder) == dropouts
    assert decoder.has_dropout == (dropouts > 0)


def test_dropout_makes_training_passes_differ_and_eval_passes_equal(backbone):
    decoder = make_decoder(backbone, dropout=0.5)
    feats = FeatureMaps(backbone(torch.randn(1, 3, 32, 64)), (32, 64))
    decoder.train()
    assert not torch.equal(decoder(feats), decoder(feats))
    decoder.eval()
    assert torch.equal(decoder(feats), decoder(feats))


def test_unknown_dropout_site_is_refused():
    with pytest.raises(ValueError, match='fc8'):
        FCNDecoder([64, 128], num_classes=3, dropout_sites=('fc8',))


def test_score_convs_start_small_and_unbiased():
    torch.manual_seed(0)
    decoder = FCNDecoder([64, 256, 512, 1024, 2048], num_classes=19, channels=256)
    for score in [decoder.classifier.score, *decoder.classifier.skip_scores]:
        assert 0.005 < score.weight.std() < 0.015
        assert torch.count_nonzero(score.bias) == 0
    hidden = decoder.hidden.fc6[0].weight  # kaiming normal, fan_out: std = sqrt(2 / (C_out k^2))
    fan_out = hidden.shape[0] * hidden.shape[2] * hidden.shape[3]
    assert hidden.std().item() == pytest.approx(math.sqrt(2 / fan_out), rel=0.05)


# -- dropout samples (ADR's C1, C2) --------------------------------------------------------------
@pytest.fixture(scope='module')
def feature_maps(backbone):
    with torch.no_grad():
        return FeatureMaps(backbone(torch.randn(2, 3, 33, 65)), (33, 65))


@pytest.mark.parametrize('sites', [('fc6', 'fc7'), ('fc7',), ('skip',), ('fc6', 'fc7', 'skip')])
def test_samples_without_dropout_are_forwards_output(backbone, feature_maps, sites):
    """Eval mode, or no dropout site: every sample is exactly ``forward``'s output; p = 0 in
    training mode: equal up to rounding (fc7's BN statistics come from the S x N copies)."""
    decoder = make_decoder(backbone, dropout_sites=sites).eval()
    samples = decoder.forward_samples(feature_maps, 3)
    assert len(samples) == 3
    assert all(torch.equal(sample, decoder(feature_maps)) for sample in samples)

    decoder.train()
    for module in decoder.modules():
        if isinstance(module, nn.Dropout):
            module.p = 0.0
    expected = decoder(feature_maps)
    for sample in decoder.forward_samples(feature_maps, 2):
        torch.testing.assert_close(sample, expected)

    no_dropout = make_decoder(backbone, dropout=0.0).train()
    expected = no_dropout(feature_maps)
    assert all(torch.equal(sample, expected)
               for sample in no_dropout.forward_samples(feature_maps, 2))


@pytest.mark.parametrize('sites', [('fc6', 'fc7'), ('fc7',), ('skip',)])
def test_training_samples_differ_by_dropout(backbone, feature_maps, sites):
    decoder = make_decoder(backbone, dropout_sites=sites).train()
    first, second = decoder.forward_samples(feature_maps, 2)
    assert first.shape == second.shape == (2, NUM_CLASSES, 33, 65)
    assert not torch.equal(first, second)


SKIPS = [f'skip{i}' for i in range(4)]


@pytest.mark.parametrize('sites, on_copies', [
    (('fc6', 'fc7'), ['fc7', 'score']),
    (('fc7',), ['score']),
    (('skip',), SKIPS),
    (('fc6', 'fc7', 'skip'), ['fc7', 'score'] + SKIPS),
])
def test_the_part_before_the_first_dropout_runs_once(backbone, feature_maps, sites, on_copies):
    """Every conv runs once per call: before the first dropout on the N features, after it
    on the S x N stacked copies (fc6 always sees the N features once)."""
    decoder = make_decoder(backbone, dropout_sites=sites).train()
    convs = dict(fc6=decoder.hidden.fc6[0], fc7=decoder.hidden.fc7[0],
                 score=decoder.classifier.score, **dict(zip(SKIPS, decoder.classifier.skip_scores)))
    batches = {name: [] for name in convs}
    for name, conv in convs.items():
        conv.register_forward_hook(
            lambda module, inputs, output, name=name: batches[name].append(len(inputs[0])))

    decoder.forward_samples(feature_maps, 3)

    assert batches == {name: [3 * 2 if name in on_copies else 2] for name in convs}


def test_samples_refuse_a_bad_count(backbone, feature_maps):
    with pytest.raises(ValueError, match='FCNDecoder: num_samples must be a positive int, got 0'):
        make_decoder(backbone).forward_samples(feature_maps, 0)


def test_decoder_is_its_classifier_layer_on_its_hidden_layers(backbone, feature_maps):
    """The narrow split (TaskModel.narrow_split): decoder(x) == classifier(hidden(x))."""
    decoder = make_decoder(backbone, dropout_sites=('fc6', 'fc7', 'skip')).eval()
    embedding = decoder.hidden(feature_maps)
    assert [m.shape[1] for m in embedding] == [*backbone.out_channels[:-1], 16]
    torch.testing.assert_close(decoder.classifier(embedding), decoder(feature_maps))
