"""The papers' digit networks (DANN Fig. 4a/4b, ADR's ADDA LeNet and SVHN net), the pooled
ResNet generator and DANN's discriminators: output shapes, layer sizes, the head contract."""
import pytest
import torch
import torchvision
from torch import nn

from segda.registry import MODELS

# arch: (input channels, input side, K, D, (conv width, kernel) per stage, hidden Linear
# widths, BatchNorm, dropouts)
ARCHS = {
    'dann_mnist': (3, 28, 10, 48 * 4 * 4, [(32, 5), (48, 5)],
                   [(768, 100), (100, 100), (100, 10)], False, 0),
    'dann_svhn': (3, 32, 10, 128 * 8 * 8, [(64, 5), (64, 5), (128, 5)],
                  [(8192, 3072), (3072, 2048), (2048, 10)], False, 2),
    # DANN Fig. 4c: 40 -> conv5 36 -> pool 18 -> conv3 16 -> pool 8 -> conv5 4 -> pool 2
    'dann_gtsrb': (3, 40, 43, 256 * 2 * 2, [(96, 5), (144, 3), (256, 5)],
                   [(1024, 512), (512, 43)], False, 0),
    'adr_lenet': (1, 28, 10, 50 * 4 * 4, [(20, 5), (50, 5)], [(800, 500), (500, 10)], True, 2),
    'adr_svhn': (3, 32, 10, 128 * 8 * 8, [(64, 5), (64, 5), (128, 5)],
                 [(8192, 3072), (3072, 2048), (2048, 10)], True, 2),
}


def of_type(module, kind):
    return [m for m in module.modules() if isinstance(m, kind)]


@pytest.mark.parametrize('arch', sorted(ARCHS))
def test_paper_networks_layer_sizes_and_output_shapes(arch):
    channels, side, k, dim, convs, linears, norm, dropouts = ARCHS[arch]
    torch.manual_seed(0)
    g = MODELS.build(dict(type='DigitConvNet', arch=arch, in_channels=channels))
    c = MODELS.build(dict(type='DigitHead', arch=arch, in_channels=g.out_channels,
                          num_classes=k))
    assert g.input_size == side and g.out_channels == dim
    assert [(m.out_channels, m.kernel_size) for m in of_type(g, nn.Conv2d)] == [
        (width, (kernel, kernel)) for width, kernel in convs]
    assert len(of_type(g, nn.BatchNorm2d)) == (len(convs) if norm else 0)
    assert [(m.in_features, m.out_features) for m in of_type(c, nn.Linear)] == linears
    assert len(of_type(c, nn.BatchNorm1d)) == (len(linears) - 1 if norm else 0)
    assert len(of_type(c, nn.Dropout)) == dropouts and c.has_dropout == (dropouts > 0)
    x = torch.rand(4, channels, side, side)
    feats = g(x)
    assert feats.shape == (4, dim)
    c.eval()
    logits = c(feats)
    assert logits.shape == (4, k)
    # the head contract: forward == classifier(hidden(.)), classifier = the final Linear
    assert torch.equal(logits, c.classifier(c.hidden(feats)))
    assert isinstance(c.classifier, nn.Linear) and c.classifier.out_features == k
    assert (c.in_channels, c.num_classes) == (dim, k)


def test_gtsrb_network_maps_each_stage_as_fig_4c_draws_it():
    """DANN Fig. 4c: three conv -> ReLU -> max-pool 2x2 stride 2 blocks, no padding, on
    40 x 40 inputs; every map's shape after each layer."""
    g = MODELS.build(dict(type='DigitConvNet', arch='dann_gtsrb'))
    shapes, x = [], torch.rand(2, 3, 40, 40)
    for layer in g.layers:
        x = layer(x)
        shapes.append((type(layer).__name__, tuple(x.shape[1:])))
    assert shapes == [
        ('Conv2d', (96, 36, 36)), ('ReLU', (96, 36, 36)), ('MaxPool2d', (96, 18, 18)),
        ('Conv2d', (144, 16, 16)), ('ReLU', (144, 16, 16)), ('MaxPool2d', (144, 8, 8)),
        ('Conv2d', (256, 4, 4)), ('ReLU', (256, 4, 4)), ('MaxPool2d', (256, 2, 2))]
    assert all(m.padding == (0, 0) for m in of_type(g, nn.Conv2d))
    assert all((m.kernel_size, m.stride) == (2, 2) for m in of_type(g, nn.MaxPool2d))
    with pytest.raises(ValueError, match=r'expects N x 3 x 40 x 40.*Resize'):
        g(torch.rand(2, 3, 32, 32))
    with pytest.raises(ValueError, match='no dropout'):
        MODELS.build(dict(type='DigitHead', arch='dann_gtsrb', in_channels=1024, dropout=0.5))


def test_dropout_is_stochastic_in_training_and_configurable():
    head = MODELS.build(dict(type='DigitHead', arch='adr_lenet', in_channels=800))
    head.train()
    feats = torch.rand(8, 800)
    assert not torch.equal(head(feats), head(feats))  # two dropout samples differ
    assert head.hidden[0].p == 0.5
    assert not MODELS.build(dict(type='DigitHead', arch='adr_lenet', in_channels=800,
                                 dropout=0.0)).has_dropout
    with pytest.raises(ValueError, match='no dropout'):
        MODELS.build(dict(type='DigitHead', arch='dann_mnist', in_channels=768, dropout=0.5))


def test_input_size_sets_d_and_a_wrong_input_is_a_clear_error():
    g = MODELS.build(dict(type='DigitConvNet', arch='dann_svhn', input_size=28))
    assert g.out_channels == 128 * 7 * 7 and g(torch.rand(2, 3, 28, 28)).shape == (2, 6272)
    with pytest.raises(ValueError, match=r'expects N x 3 x 28 x 28.*GreyToRGB'):
        g(torch.rand(2, 1, 28, 28))
    with pytest.raises(ValueError, match='arch must be one of'):
        MODELS.build(dict(type='DigitConvNet', arch='lenet'))


def test_classifier_task_builds_from_the_digit_parts():
    task = MODELS.build(dict(type='Classifier', num_classes=10,
                             backbone=dict(type='DigitConvNet', arch='adr_lenet', in_channels=1),
                             head=dict(type='DigitHead', arch='adr_lenet')))
    assert task.head.in_channels == 800
    logits = task(torch.rand(3, 1, 28, 28))
    assert logits.shape == (3, 10)
    hidden, classifier = task.narrow_split()
    assert classifier is task.head.classifier


@pytest.mark.parametrize('hidden,widths', [((1024, 1024), [(768, 1024), (1024, 1024), (1024, 1)]),
                                           ((100,), [(768, 100), (100, 1)])])
def test_dann_discriminators_are_mlp_discriminators(hidden, widths):
    d = MODELS.build(dict(type='MLPDiscriminator', in_channels=768, hidden=hidden))
    assert [(m.in_features, m.out_features) for m in of_type(d, nn.Linear)] == widths
    assert d(torch.rand(5, 768)).shape == (5, 1)


def test_pooled_resnet_features_bottleneck_and_local_weights(tmp_path):
    g = MODELS.build(dict(type='PooledResNet', depth=50))
    assert g.out_channels == 2048
    torch.manual_seed(0)
    reference = torchvision.models.resnet18(weights=None)
    path = tmp_path / 'resnet18.pth'
    torch.save(reference.state_dict(), path)
    g = MODELS.build(dict(type='PooledResNet', depth=18, pretrained=str(path), bottleneck=256))
    assert torch.equal(g.resnet.layer4[1].conv2.weight, reference.layer4[1].conv2.weight)
    assert g.out_channels == 256
    g.eval()
    x = torch.rand(2, 3, 64, 64)
    assert g(x).shape == (2, 256)
    pooled = MODELS.build(dict(type='PooledResNet', depth=18, pretrained=str(path))).eval()
    trunk = nn.Sequential(*list(reference.children())[:-1]).eval()  # torchvision's avgpool
    assert torch.allclose(pooled(x), trunk(x).flatten(1), atol=1e-5)
